using ElasticScaler.Demo.Cluster;

namespace ElasticScaler.Demo.Watch;

/// <summary>The ElasticScaler's status as <c>kubectl get es</c> shows it: desired replicas and the ECS/ECI split it wrote.</summary>
public sealed record ScalerState(int? Desired, int? Ecs, int? Eci, bool HasMetrics);

/// <summary>Reads the ElasticScaler's status (one GET).</summary>
public static class ScalerStatus
{
    public static async Task<ScalerState> ReadAsync(ApiClient api, string ns, string name, CancellationToken ct)
    {
        var es = await api.GetAsync($"/apis/autoscaling.elasticscaler.io/v1alpha1/namespaces/{ns}/elasticscalers/{name}", ct).ConfigureAwait(false);
        var status = es?["status"];
        int? Read(string field) => status?[field] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) ? (int)n : null;
        var metrics = status?["currentMetrics"] is System.Text.Json.Nodes.JsonArray { Count: > 0 };
        return new ScalerState(Read("desiredReplicas"), Read("ecsReplicas"), Read("eciReplicas"), metrics);
    }
}
