using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Auth;

/// <summary>The attributes a request is authorized on (resource or non-resource).</summary>
public sealed record AccessRequest(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name, string? NonResourcePath = null);

/// <summary>
/// RBAC as the real authorizer evaluates it: the union of rules of every Role/ClusterRole bound to the user or one of
/// its groups (ClusterRoleBindings cluster-wide, RoleBindings in their namespace). system:masters is allowed everything,
/// and every authenticated user may read discovery, version and OpenAPI (system:discovery).
/// </summary>
public sealed class RbacAuthorizer(ResourceService service)
{
    private static readonly string[] DiscoveryPaths = ["/api", "/apis", "/version", "/openapi", "/healthz", "/livez", "/readyz"];

    public bool Allowed(Identity id, AccessRequest req)
    {
        if (id.IsMaster)
            return true;
        if (req.NonResourcePath is { } path)
            return DiscoveryPaths.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal)) || Rules(id, null).Any(r => MatchesNonResource(r, req));
        // system:basic-user lets every authenticated user ask about itself.
        if ((req.Group == "authorization.k8s.io" && req.Resource is "selfsubjectaccessreviews" or "selfsubjectrulesreviews") ||
            (req.Group == "authentication.k8s.io" && req.Resource == "selfsubjectreviews"))
            return true;
        return Rules(id, req.Namespace).Any(r => Matches(r, req));
    }

    public static string ForbiddenMessage(Identity id, AccessRequest req)
    {
        var resource = req.Subresource is null ? req.Resource : req.Resource + "/" + req.Subresource;
        var gr = req.Group.Length == 0 ? req.Resource : req.Resource + "." + req.Group;
        var subject = req.Name is null ? gr : $"{gr} \"{req.Name}\"";
        var scope = req.Namespace is null ? "at the cluster scope" : $"in the namespace \"{req.Namespace}\"";
        return $"{subject} is forbidden: User \"{id.User}\" cannot {req.Verb} resource \"{resource}\" in API group \"{req.Group}\" {scope}";
    }

    private IEnumerable<JsonObject> Rules(Identity id, string? ns)
    {
        var rbac = "rbac.authorization.k8s.io";
        var crb = service.Registry.Find(rbac, "v1", "clusterrolebindings")!;
        var rb = service.Registry.Find(rbac, "v1", "rolebindings")!;
        var bindings = service.Store.List(crb.StorageKey, null).Items.Select(b => (b.Parse(), (string?)null)).ToList();
        if (ns is not null)
            bindings.AddRange(service.Store.List(rb.StorageKey, ns).Items.Select(b => (b.Parse(), (string?)ns)));
        foreach (var (binding, bindingNs) in bindings)
        {
            if (!(binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(s => SubjectMatches(s, id, bindingNs)))
                continue;
            var roleKind = (string?)binding["roleRef"]?["kind"];
            var roleName = (string?)binding["roleRef"]?["name"] ?? "";
            var roleType = service.Registry.Find(rbac, "v1", roleKind == "Role" ? "roles" : "clusterroles")!;
            var role = service.Store.Get(roleType.StorageKey, roleKind == "Role" ? bindingNs ?? "" : "", roleName);
            if (role is null)
                continue;
            foreach (var rule in (role.Parse()["rules"] as JsonArray ?? []).OfType<JsonObject>())
                yield return rule;
        }
    }

    private static bool SubjectMatches(JsonObject s, Identity id, string? bindingNs)
    {
        var name = (string?)s["name"] ?? "";
        return (string?)s["kind"] switch
        {
            "User" => name == id.User,
            "Group" => id.Groups.Contains(name),
            "ServiceAccount" => id.User == $"system:serviceaccount:{(string?)s["namespace"] ?? bindingNs}:{name}",
            _ => false,
        };
    }

    private static bool Matches(JsonObject rule, AccessRequest req)
    {
        return Has(rule["verbs"], req.Verb) && Has(rule["apiGroups"], req.Group) && ResourceMatches(rule["resources"], req.Resource, req.Subresource) &&
            (rule["resourceNames"] is not JsonArray { Count: > 0 } names || (req.Name is not null && names.Any(n => (string?)n == req.Name)));
    }

    /// <summary>
    /// rbac/v1 ResourceMatches: "*" matches everything, "pods/log" exactly that subresource, and "*/scale" the scale
    /// subresource of any resource. There is no "pods/*": a rule names each subresource it grants.
    /// </summary>
    public static bool ResourceMatches(JsonNode? resources, string resource, string? subresource)
    {
        var combined = subresource is null ? resource : resource + "/" + subresource;
        foreach (var r in resources as JsonArray ?? [])
        {
            if ((string?)r is not { } rule) continue;
            if (rule == "*" || rule == combined) return true;
            if (subresource is not null && rule.Length == subresource.Length + 2 && rule.StartsWith("*/", StringComparison.Ordinal) && rule.EndsWith(subresource, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static bool MatchesNonResource(JsonObject rule, AccessRequest req) =>
        Has(rule["verbs"], req.Verb) && (rule["nonResourceURLs"] as JsonArray ?? []).Any(u =>
            (string?)u is { } url && (url == "*" || url == req.NonResourcePath || (url.EndsWith('*') && req.NonResourcePath!.StartsWith(url[..^1], StringComparison.Ordinal))));

    private static bool Has(JsonNode? list, string value) =>
        (list as JsonArray ?? []).Any(v => (string?)v is "*" || (string?)v == value);

    /// <summary>A 403 Status in the real wording.</summary>
    public static ApiException Forbidden(Identity id, AccessRequest req)
    {
        var d = new JsonObject();
        if (req.Name is not null)
            d["name"] = req.Name;
        if (req.Group.Length > 0)
            d["group"] = req.Group;
        d["kind"] = req.Resource;
        return new ApiException(403, "Forbidden", ForbiddenMessage(id, req), d);
    }
}
