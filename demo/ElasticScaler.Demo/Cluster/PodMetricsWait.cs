using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Demo.Cluster;

/// <summary>
/// Whether a pod's usage sample counts for HPA's CPU rule: within the CPU initialization period, a sample whose
/// window began before the pod turned Ready is ignored (HPA's groupPods: timestamp before Ready's transition plus the
/// window), so the scaler would see no metrics at all.
/// </summary>
public static class PodMetricsWait
{
    /// <summary>True when at least <paramref name="count"/> Ready pods each have a sample taken a window after their Ready transition.</summary>
    public static bool Usable(JsonObject podList, JsonObject metricsList, int count)
    {
        var readySince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var pod in podList["items"]?.AsArray() ?? [])
        {
            var ready = pod?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Ready" && (string?)c["status"] == "True");
            if (ready?["lastTransitionTime"] is { } at && Time(at) is { } t)
                readySince[(string)pod!["metadata"]!["name"]!] = t;
        }
        var usable = 0;
        foreach (var m in metricsList["items"]?.AsArray() ?? [])
        {
            var name = (string?)m?["metadata"]?["name"];
            if (name is null || !readySince.TryGetValue(name, out var since) || Time(m!["timestamp"]) is not { } stamp)
                continue;
            var window = ElasticScaler.Core.Model.GoDuration.TryParse((string?)m["window"], out var w) ? w : TimeSpan.Zero;
            if (stamp >= since + window)
                usable++;
        }
        return usable >= count;
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        DateTimeOffset.TryParse((string?)node, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
