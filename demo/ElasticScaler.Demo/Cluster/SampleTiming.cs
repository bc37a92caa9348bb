using System.Text.Json.Nodes;

namespace ElasticScaler.Demo.Cluster;

/// <summary>One field of the sample changed for the demo's time scale.</summary>
public sealed record TimingChange(string Field, long From, long To);

/// <summary>
/// The seed's sample under a compressed timeline: the spec's windows in seconds (scale-down stabilization,
/// pending time-out, drain-back) divided by the time scale, so a 3-minute ramp meets the same rules a 10-minute one
/// does. The product's defaults are never touched; only the applied object changes, and the demo prints each change.
/// </summary>
public static class SampleTiming
{
    private static readonly string[][] Fields =
    [
        ["behavior", "scaleUp", "stabilizationWindowSeconds"],
        ["behavior", "scaleDown", "stabilizationWindowSeconds"],
        ["placement", "pendingTimeoutSeconds"],
        ["placement", "drainBack", "afterSeconds"],
    ];

    /// <summary>A copy of <paramref name="scaler"/> with its second-valued windows divided by <paramref name="timeScale"/> (rounded up, at least 1 s).</summary>
    public static (JsonObject Scaled, IReadOnlyList<TimingChange> Changes) Apply(JsonObject scaler, double timeScale)
    {
        var copy = scaler.DeepClone().AsObject();
        var changes = new List<TimingChange>();
        if (timeScale == 1)
            return (copy, changes);
        foreach (var path in Fields)
        {
            JsonNode? parent = copy["spec"];
            foreach (var key in path[..^1])
                parent = parent?[key];
            if (parent is not JsonObject holder || holder[path[^1]] is not JsonValue value || !value.TryGetValue<long>(out var seconds))
                continue;
            var scaled = Math.Max(1, (long)Math.Ceiling(seconds / timeScale));
            holder[path[^1]] = scaled;
            changes.Add(new TimingChange("spec." + string.Join(".", path), seconds, scaled));
        }
        return (copy, changes);
    }
}
