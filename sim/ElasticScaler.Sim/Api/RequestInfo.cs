namespace ElasticScaler.Sim.Api;

/// <summary>What a resource URL names: group/version, plural, namespace, name, subresource, and the verb it implies.</summary>
public sealed record RequestInfo(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource, string Verb)
{
    /// <summary>
    /// Parses /api/v1/... and /apis/{g}/{v}/...; null when the path is not a resource path (discovery, openapi).
    /// A trailing slash is a collection (KubernetesClient's metrics helpers send one).
    /// </summary>
    public static RequestInfo? Parse(string path, string method, bool watch, Func<string, string, string, bool> isPlural)
    {
        var segs = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int i;
        if (segs.Length >= 3 && segs[0] == "api")
        {
            (group, version, i) = ("", segs[1], 2);
        }
        else if (segs.Length >= 4 && segs[0] == "apis")
        {
            (group, version, i) = (segs[1], segs[2], 3);
        }
        else
            return null;
        var rest = segs[i..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && rest[2] is "status" or "finalize" && !isPlural(group, version, rest[2])))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var plural = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var sub = rest.Length > 2 ? rest[2] : null;
        if (rest.Length > 3)
            return new RequestInfo(group, version, plural, ns, name, string.Join('/', rest[2..]), "unknown");
        var verb = (method, name is null) switch
        {
            ("GET", true) => watch ? "watch" : "list",
            ("GET", false) => "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", true) => "deletecollection",
            ("DELETE", false) => "delete",
            _ => "unknown",
        };
        return new RequestInfo(group, version, plural, ns, name, sub, verb);
    }

    public string Resource => Subresource is null ? Plural : Plural + "/" + Subresource;
}
