using System.Collections.Frozen;
using System.Globalization;

namespace ElasticScaler.Sim.Api.Protobuf;

/// <summary>How one field's bytes become JSON.</summary>
internal enum ProtoType
{
    String,
    /// <summary>Bytes, as base64 (JSON's form of a Go []byte).</summary>
    Bytes,
    Int32,
    Int64,
    Bool,
    /// <summary>metav1.Time {seconds, nanos}: RFC 3339 at seconds; an empty message is Go's zero time, JSON null.</summary>
    Time,
    /// <summary>resource.Quantity {string}: the quantity's text.</summary>
    Quantity,
    /// <summary>intstr.IntOrString {type, intVal, strVal}: a JSON number or string.</summary>
    IntOrString,
    StringMap,
    BytesMap,
    QuantityMap,
    /// <summary>map&lt;string, ExtraValue&gt; (ExtraValue is {repeated string items}): a map of string arrays.</summary>
    StringListMap,
    Message,
    /// <summary>An embedded Go struct (json:",inline"): its own message on the wire, its fields the parent's in JSON.</summary>
    Inline,
    /// <summary>A field the sim knows but does not decode: present in a body, it is refused rather than dropped.</summary>
    Refused,
}

/// <summary>
/// One field: its number, its JSON name, how it decodes, whether it repeats, and whether a zero value stays in the
/// JSON (<paramref name="KeepZero"/>: a Go pointer, or a JSON field without omitempty; gogo protobuf writes every
/// non-pointer scalar, zero or not, so the others are dropped when zero, as JSON's omitempty drops them).
/// </summary>
internal sealed record ProtoField(int Number, string Name, ProtoType Type, bool Repeated, bool KeepZero, string? Message);

/// <summary>A message type: its full protobuf name (k8s.io.api.core.v1.Container) and its fields by number.</summary>
internal sealed record ProtoMessage(string FullName, FrozenDictionary<int, ProtoField> Fields);

/// <summary>
/// The messages the sim decodes, parsed from <see cref="KubernetesMessages"/>' table, and the kinds whose bodies it
/// decodes (apiVersion and kind of the runtime.Unknown envelope to the top message).
/// </summary>
internal static class ProtoSchema
{
    private static readonly FrozenDictionary<string, ProtoMessage> Messages = Parse(KubernetesMessages.Packages);

    private static readonly FrozenDictionary<(string ApiVersion, string Kind), string> Kinds = new Dictionary<(string, string), string>
    {
        [("v1", "Pod")] = "k8s.io.api.core.v1.Pod",
        [("v1", "Service")] = "k8s.io.api.core.v1.Service",
        [("v1", "Secret")] = "k8s.io.api.core.v1.Secret",
        [("v1", "ServiceAccount")] = "k8s.io.api.core.v1.ServiceAccount",
        [("v1", "ConfigMap")] = "k8s.io.api.core.v1.ConfigMap",
        [("v1", "Namespace")] = "k8s.io.api.core.v1.Namespace",
        [("apps/v1", "Deployment")] = "k8s.io.api.apps.v1.Deployment",
        [("rbac.authorization.k8s.io/v1", "Role")] = "k8s.io.api.rbac.v1.Role",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "k8s.io.api.rbac.v1.ClusterRole",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "k8s.io.api.rbac.v1.RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "k8s.io.api.rbac.v1.ClusterRoleBinding",
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = "k8s.io.api.authorization.v1.SelfSubjectAccessReview",
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = "k8s.io.api.authentication.v1.SelfSubjectReview",
    }.ToFrozenDictionary();

    /// <summary>"Pod (v1), Deployment (apps/v1), ...", for the 415 that names what the sim can decode.</summary>
    public static string SupportedKinds { get; } = string.Join(", ", Kinds.Keys.OrderBy(k => k.ApiVersion, StringComparer.Ordinal)
        .ThenBy(k => k.Kind, StringComparer.Ordinal).Select(k => $"{k.Kind} ({k.ApiVersion})"));

    public static ProtoMessage? ForKind(string apiVersion, string kind) =>
        Kinds.TryGetValue((apiVersion, kind), out var name) ? Messages[name] : null;

    public static ProtoMessage Get(string fullName) => Messages[fullName];

    public static IReadOnlyCollection<ProtoMessage> All => Messages.Values;

    /// <summary>
    /// Parses the table. Each message is "Name: field; field; ..." (continued on indented lines), each field
    /// "number jsonName type": a scalar (string, bytes, int32, int64, bool), time, quantity, intstr, map (of
    /// strings), map:bytes, map:quantity, map:strings, a message (Name, or pkg.Name in another package),
    /// inline:Name, or '-' (refused); "[]" before the type repeats it, "!" after a scalar keeps its zero value.
    /// A reference to a message the table lacks is an error at start, so the table cannot point nowhere.
    /// </summary>
    internal static FrozenDictionary<string, ProtoMessage> Parse(IReadOnlyList<KubernetesMessages.Package> packages)
    {
        var prefixes = packages.ToDictionary(p => p.Short, p => p.FullName, StringComparer.Ordinal);
        var result = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            foreach (var (name, body) in Entries(package.Table))
            {
                var fields = new Dictionary<int, ProtoField>();
                foreach (var text in body.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var field = Field(text, package.FullName, prefixes, name);
                    if (!fields.TryAdd(field.Number, field))
                        throw new InvalidOperationException($"{package.FullName}.{name}: field {field.Number} is listed twice");
                }
                result.Add($"{package.FullName}.{name}", new ProtoMessage($"{package.FullName}.{name}", fields.ToFrozenDictionary()));
            }
        }
        foreach (var m in result.Values)
            foreach (var f in m.Fields.Values)
                if (f.Message is not null && !result.ContainsKey(f.Message))
                    throw new InvalidOperationException($"{m.FullName}: field {f.Number} ({f.Name}) names {f.Message}, which the table lacks");
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static IEnumerable<(string Name, string Body)> Entries(string table)
    {
        string? name = null;
        var body = "";
        foreach (var raw in table.Split('\n'))
        {
            if (raw.Trim().Length == 0)
                continue;
            if (char.IsWhiteSpace(raw[0]))
            {
                body += " " + raw.Trim();
                continue;
            }
            if (name is not null)
                yield return (name, body);
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            name = raw[..colon].Trim();
            body = raw[(colon + 1)..].Trim();
        }
        if (name is not null)
            yield return (name, body);
    }

    private static ProtoField Field(string text, string package, Dictionary<string, string> prefixes, string message)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw new InvalidOperationException($"{package}.{message}: \"{text}\" is not \"number name type\"");
        var type = parts[2];
        var repeated = type.StartsWith("[]", StringComparison.Ordinal);
        if (repeated)
            type = type[2..];
        var keepZero = type.EndsWith('!');
        if (keepZero)
            type = type[..^1];
        string? reference = null;
        var kind = type switch
        {
            "string" => ProtoType.String,
            "bytes" => ProtoType.Bytes,
            "int32" => ProtoType.Int32,
            "int64" => ProtoType.Int64,
            "bool" => ProtoType.Bool,
            "time" => ProtoType.Time,
            "quantity" => ProtoType.Quantity,
            "intstr" => ProtoType.IntOrString,
            "map" => ProtoType.StringMap,
            "map:bytes" => ProtoType.BytesMap,
            "map:quantity" => ProtoType.QuantityMap,
            "map:strings" => ProtoType.StringListMap,
            "-" => ProtoType.Refused,
            _ when type.StartsWith("inline:", StringComparison.Ordinal) => ProtoType.Inline,
            _ => ProtoType.Message,
        };
        if (kind is ProtoType.Message or ProtoType.Inline)
        {
            var target = kind == ProtoType.Inline ? type["inline:".Length..] : type;
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            reference = dot < 0 ? $"{package}.{target}"
                : prefixes.TryGetValue(target[..dot], out var other) ? $"{other}.{target[(dot + 1)..]}"
                : throw new InvalidOperationException($"{package}.{message}: \"{target}\" names an unknown package");
        }
        return new ProtoField(number, parts[1], kind, repeated, keepZero, reference);
    }
}
