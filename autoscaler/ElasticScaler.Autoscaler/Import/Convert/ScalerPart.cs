using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// The metric side of one ElasticScaler, read from an HPA or a KEDA ScaledObject: bounds, metrics, behavior,
/// fallback, pause annotations, and the windows a ScaledObject's cron triggers make. Remarks' paths are
/// relative to <c>spec</c> (or <c>metadata</c> when they start with "metadata").
/// </summary>
public sealed class ScalerPart
{
    public required SourceRef Source { get; init; }
    public required TargetRef Target { get; init; }
    /// <summary>Null: the default (1), left out of the output as the source left it out.</summary>
    public int? MinReplicas { get; set; }
    public required int MaxReplicas { get; set; }
    public JsonArray? Metrics { get; init; }
    public JsonObject? Behavior { get; set; }
    public JsonObject? Fallback { get; init; }
    public Dictionary<string, string> Annotations { get; } = new(StringComparer.Ordinal);
    public List<WindowPart> Windows { get; } = [];
    public List<Remark> Remarks { get; } = [];

    /// <summary>The floor in force outside windows: minReplicas, or HPA's default 1.</summary>
    public int Floor => MinReplicas ?? 1;
}

/// <summary>A scale target (apiVersion, kind, name) in a namespace; what sources are grouped by.</summary>
public sealed record TargetRef(string? ApiVersion, string Kind, string Name)
{
    /// <summary>Workload kinds compare by group and kind, not version: apps/v1beta2 and apps/v1 Deployments are one target.</summary>
    public string Key => $"{Group}/{Kind}/{Name}";

    private string Group => ApiVersion is { } v && v.Contains('/') ? v[..v.IndexOf('/')] : ApiVersion is null ? "apps" : "";

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (ApiVersion is not null) o["apiVersion"] = ApiVersion;
        o["kind"] = Kind;
        o["name"] = Name;
        return o;
    }

    public override string ToString() => $"{Kind}/{Name}";
}

/// <summary>One schedule window to write under <c>spec.schedules</c>; remarks' paths are relative to the window.</summary>
public sealed class WindowPart
{
    public required string Name { get; set; }
    public required string Start { get; init; }
    public string? End { get; init; }
    public string? Duration { get; init; }
    public string? TimeZone { get; init; }
    public int? MinReplicas { get; init; }
    public int? MaxReplicas { get; init; }
    public List<Remark> Remarks { get; } = [];

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["name"] = Name, ["start"] = Start };
        if (End is not null) o["end"] = End;
        if (Duration is not null) o["duration"] = Duration;
        if (TimeZone is not null) o["timeZone"] = TimeZone;
        if (MinReplicas is not null) o["minReplicas"] = MinReplicas;
        if (MaxReplicas is not null) o["maxReplicas"] = MaxReplicas;
        return o;
    }
}
