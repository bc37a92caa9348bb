using System.Text.Json;
using ElasticScaler.Service.Events;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>The metadata of an ElasticScaler the sync reads, plus its spec and status as they came from the API.</summary>
public sealed record ScalerObject
{
    /// <summary>Held by the service while it owns a twin workload: deleting the scaler first hands the replicas back to the target.</summary>
    public const string HandBackFinalizer = "autoscaling.elasticscaler.io/hand-back";

    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public required string ResourceVersion { get; init; }
    public long Generation { get; init; }
    public bool Deleting { get; init; }
    public IReadOnlyList<string> Finalizers { get; init; } = [];
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The object as the API served it, compact UTF-8 without managedFields (<see cref="CompactJson"/>). Kept as bytes and parsed on use: a parsed document is about
    /// three times the size, and 5,000 scalers kept parsed are most of what their cache holds.
    /// </summary>
    public ReadOnlyMemory<byte> Json { get; init; }

    /// <summary>The object, parsed from <see cref="Json"/> on each use (a sync reads it a few times; each parse is microseconds).</summary>
    public JsonElement Raw => Json.IsEmpty ? default : JsonDocument.Parse(Json).RootElement;

    public JsonElement Spec => Raw is { ValueKind: JsonValueKind.Object } raw && raw.TryGetProperty("spec", out var spec) ? spec : default;

    public JsonElement Status => Raw is { ValueKind: JsonValueKind.Object } raw && raw.TryGetProperty("status", out var status) ? status : default;

    public string Key => $"{Namespace}/{Name}";
    public bool HasFinalizer => Finalizers.Contains(HandBackFinalizer);

    public InvolvedObject Involved => new(ApiResource.ElasticScalers.ApiVersion, ApiResource.ElasticScalers.Kind, Namespace, Name, Uid);

    /// <summary>Reads an ElasticScaler; the object is copied, so the caller's document may be disposed.</summary>
    public static ScalerObject Read(JsonElement obj)
    {
        var meta = obj.GetProperty("metadata");
        var finalizers = new List<string>();
        if (meta.TryGetProperty("finalizers", out var f) && f.ValueKind == JsonValueKind.Array)
            foreach (var item in f.EnumerateArray()) if (item.GetString() is { } s) finalizers.Add(s);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
            foreach (var p in a.EnumerateObject()) if (p.Value.ValueKind == JsonValueKind.String) annotations[p.Name] = p.Value.GetString()!;
        return new ScalerObject
        {
            Namespace = Str(meta, "namespace"),
            Name = Str(meta, "name"),
            Uid = Str(meta, "uid"),
            ResourceVersion = Str(meta, "resourceVersion"),
            Generation = meta.TryGetProperty("generation", out var g) && g.TryGetInt64(out var n) ? n : 0,
            Deleting = meta.TryGetProperty("deletionTimestamp", out var d) && d.ValueKind == JsonValueKind.String,
            Finalizers = finalizers,
            Annotations = annotations,
            Json = CompactJson.WithoutManagedFields(obj),
        };
    }

    /// <summary>
    /// Whether a watch event changed something a sync must see: the spec (generation), annotations (pause),
    /// finalizers or deletion. Our own status writes change none of these, so they do not wake the scaler again.
    /// </summary>
    public static bool NeedsSync(ScalerObject before, ScalerObject after)
    {
        var a = before.Raw.GetProperty("metadata");
        var b = after.Raw.GetProperty("metadata");
        return Text(a, "generation") != Text(b, "generation") || Text(a, "annotations") != Text(b, "annotations")
            || Text(a, "finalizers") != Text(b, "finalizers") || Text(a, "deletionTimestamp") != Text(b, "deletionTimestamp");
    }

    private static string Text(JsonElement meta, string name) => meta.TryGetProperty(name, out var v) ? v.GetRawText() : "";

    private static string Str(JsonElement meta, string name) => meta.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
}
