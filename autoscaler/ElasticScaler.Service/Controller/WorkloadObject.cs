using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// What the service reads of a Deployment or StatefulSet: its scale (spec and status replicas, the selector as
/// the /scale subresource renders it), generation, the hash of its pod template, its controller owner, and the
/// object itself (for building and syncing the twin). Projected once per change by the cache.
/// </summary>
public sealed record WorkloadObject
{
    /// <summary>
    /// The object as the API served it, compact UTF-8 without managedFields (<see cref="CompactJson"/>): parsed when a twin is built or synced or a template read,
    /// not kept parsed (about three times the size, for two workloads per scaler).
    /// </summary>
    public required ReadOnlyMemory<byte> Json { get; init; }

    /// <summary>The object, parsed from <see cref="Json"/> on each use.</summary>
    public JsonElement Raw => JsonDocument.Parse(Json).RootElement;
    public required string Kind { get; init; }
    public required string Uid { get; init; }
    public string Name { get; init; } = "";
    public long Generation { get; init; }
    public int SpecReplicas { get; init; }
    public int StatusReplicas { get; init; }
    public int ReadyReplicas { get; init; }
    /// <summary>spec.selector in the string form of scale.status.selector ("app=wordpress,tier in (web)"); empty when absent.</summary>
    public string Selector { get; init; } = "";
    /// <summary>SHA-256 of spec.template's JSON, so a template change is seen without comparing whole objects.</summary>
    public string TemplateHash { get; init; } = "";
    /// <summary>The uid of the controller ownerReference, when there is one.</summary>
    public string? ControllerUid { get; init; }
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public static WorkloadObject Read(JsonElement obj)
    {
        var raw = obj;
        var meta = raw.GetProperty("metadata");
        var spec = raw.TryGetProperty("spec", out var s) ? s : default;
        var status = raw.TryGetProperty("status", out var st) ? st : default;
        string? controller = null;
        if (meta.TryGetProperty("ownerReferences", out var owners) && owners.ValueKind == JsonValueKind.Array)
            foreach (var o in owners.EnumerateArray())
                if (o.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True && o.TryGetProperty("uid", out var u)) controller = u.GetString();
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
            foreach (var p in a.EnumerateObject()) if (p.Value.ValueKind == JsonValueKind.String) annotations[p.Name] = p.Value.GetString()!;
        return new WorkloadObject
        {
            Json = CompactJson.WithoutManagedFields(raw),
            Kind = raw.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "",
            Uid = meta.TryGetProperty("uid", out var uid) ? uid.GetString() ?? "" : "",
            Name = meta.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
            Generation = Long(meta, "generation"),
            // An absent spec.replicas defaults to 1 at admission, as the API server does.
            SpecReplicas = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("replicas", out var r) && r.TryGetInt32(out var n) ? n : 1,
            StatusReplicas = (int)Long(status, "replicas"),
            ReadyReplicas = (int)Long(status, "readyReplicas"),
            Selector = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("selector", out var sel) ? SelectorText(sel) : "",
            TemplateHash = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("template", out var t) ? Hash(t.GetRawText()) : "",
            ControllerUid = controller,
            Annotations = annotations,
        };
    }

    /// <summary>
    /// A metav1.LabelSelector as metav1.FormatLabelSelector writes it into scale.status.selector: matchLabels as
    /// key=value, then matchExpressions (In, NotIn, Exists, DoesNotExist), sorted, comma-separated.
    /// </summary>
    public static string SelectorText(JsonElement selector)
    {
        if (selector.ValueKind != JsonValueKind.Object) return "";
        var parts = new List<string>();
        if (selector.TryGetProperty("matchLabels", out var ml) && ml.ValueKind == JsonValueKind.Object)
            foreach (var p in ml.EnumerateObject()) parts.Add($"{p.Name}={p.Value.GetString()}");
        if (selector.TryGetProperty("matchExpressions", out var me) && me.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in me.EnumerateArray())
            {
                var key = e.TryGetProperty("key", out var kk) ? kk.GetString() ?? "" : "";
                var op = e.TryGetProperty("operator", out var oo) ? oo.GetString() ?? "" : "";
                var values = e.TryGetProperty("values", out var vv) && vv.ValueKind == JsonValueKind.Array
                    ? vv.EnumerateArray().Select(v => v.GetString() ?? "").Order(StringComparer.Ordinal).ToList() : [];
                parts.Add(op switch
                {
                    "In" => $"{key} in ({string.Join(",", values)})",
                    "NotIn" => $"{key} notin ({string.Join(",", values)})",
                    "Exists" => key,
                    "DoesNotExist" => "!" + key,
                    _ => $"{key} {op.ToLowerInvariant()} ({string.Join(",", values)})", // unknown operator: left for the parser to refuse
                });
            }
        }
        parts.Sort(StringComparer.Ordinal);
        return string.Join(",", parts);
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static long Long(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
}
