using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>What status reports after a sync.</summary>
public sealed record ScalerStatusView
{
    public long ObservedGeneration { get; init; }
    public int CurrentReplicas { get; init; }
    public int DesiredReplicas { get; init; }
    public int EcsReplicas { get; init; }
    public int EciReplicas { get; init; }
    public string? EciWorkload { get; init; }
    public DateTimeOffset? LastScaleTime { get; init; }
    public IEnumerable<MetricStatus?> CurrentMetrics { get; init; } = [];
    public IReadOnlyList<string> ActiveSchedules { get; init; } = [];
    public DateTimeOffset? NextScheduleTransition { get; init; }
    public ImmutableArray<ScalerCondition> Conditions { get; init; } = [];
}

/// <summary>
/// Writes status through the status subresource, and only when it differs from what the object carries
/// (HPA's updateStatusIfNeeded). A 409 re-reads the object and tries again, at most three times.
/// </summary>
public sealed class StatusWriter(KubeApi api)
{
    /// <summary>Status writes made, for tests (an unchanged status must cost none).</summary>
    public long Writes => Interlocked.Read(ref _writes);
    private long _writes;

    public static JsonObject Build(ScalerStatusView s)
    {
        var status = new JsonObject
        {
            ["observedGeneration"] = s.ObservedGeneration,
            ["currentReplicas"] = s.CurrentReplicas,
            ["desiredReplicas"] = s.DesiredReplicas,
            ["ecsReplicas"] = s.EcsReplicas,
            ["eciReplicas"] = s.EciReplicas,
        };
        if (s.EciWorkload is not null) status["eciWorkload"] = s.EciWorkload;
        if (s.LastScaleTime is { } last) status["lastScaleTime"] = Time(last);
        var metrics = new JsonArray();
        foreach (var m in s.CurrentMetrics)
        {
            if (m is null) continue;
            var node = JsonSerializer.SerializeToNode(m, CoreJson.Options)!.AsObject();
            node.Remove("current"); // a convenience accessor of ours, not part of HPA's MetricStatus
            metrics.Add(node);
        }
        if (metrics.Count > 0) status["currentMetrics"] = metrics;
        if (s.ActiveSchedules.Count > 0) status["activeSchedules"] = new JsonArray([.. s.ActiveSchedules.Select(n => (JsonNode)n)]);
        if (s.NextScheduleTransition is { } next) status["nextScheduleTransition"] = Time(next);
        if (!s.Conditions.IsDefaultOrEmpty)
            status["conditions"] = new JsonArray([.. s.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status.ToString(),
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["lastTransitionTime"] = Time(c.LastTransitionTime),
            })]);
        return status;
    }

    /// <summary>Writes <paramref name="status"/> unless the object already carries it; true when it wrote.</summary>
    public async Task<bool> WriteIfChangedAsync(ScalerObject scaler, JsonObject status, CancellationToken ct)
    {
        if (Same(scaler.Status, status)) return false;
        var path = ApiResource.ElasticScalers.ObjectPath(scaler.Namespace, scaler.Name, "status");
        var current = JsonNode.Parse(scaler.Raw.GetRawText())!.AsObject();
        for (int attempt = 1; ; attempt++)
        {
            current["status"] = status.DeepClone();
            try
            {
                await api.ReplaceAsync(path, current, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _writes);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < 3)
            {
                // Someone wrote the object since our cache saw it: take the server's copy, keep our status.
                using var fresh = await api.GetAsync(ApiResource.ElasticScalers.ObjectPath(scaler.Namespace, scaler.Name), ct).ConfigureAwait(false);
                if (fresh is null) return false; // deleted meanwhile
                if (fresh.RootElement.TryGetProperty("status", out var freshStatus) && Same(freshStatus, status)) return false;
                current = JsonNode.Parse(fresh.RootElement.GetRawText())!.AsObject();
            }
        }
    }

    /// <summary>Equal as JSON, whatever the key order and number spelling.</summary>
    public static bool Same(JsonElement existing, JsonObject wanted) =>
        existing.ValueKind == JsonValueKind.Object && JsonNode.DeepEquals(JsonNode.Parse(existing.GetRawText()), wanted);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
