using System.Text.Json;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>A target's scale as the sync needs it, whichever way it was read.</summary>
public sealed record TargetScale(ApiResource Kind, string Name, int SpecReplicas, int StatusReplicas, string Selector, WorkloadObject? Workload)
{
    /// <summary>A Deployment's or StatefulSet's scale read from the object itself (the cache's copy): no /scale call.</summary>
    public static TargetScale Of(ApiResource kind, WorkloadObject workload) =>
        new(kind, workload.Name, workload.SpecReplicas, workload.StatusReplicas, workload.Selector, workload);
}

/// <summary>
/// Finds a scale target. Deployments and StatefulSets come from the caches (no API call); any other kind with a
/// /scale subresource (a custom resource, a ReplicaSet) is resolved once by discovery and its Scale read each
/// sync, as HPA reads every target's Scale.
/// </summary>
public sealed class ScaleTargets(KubeApi api, ApiDiscovery discovery)
{
    public async Task<(TargetScale? Target, string? Error)> ResolveAsync(ClusterView view, string ns, CrossVersionObjectReference reference, CancellationToken ct)
    {
        if (ApiResource.ForWorkload(reference.ApiVersion, reference.Kind) is { } kind)
        {
            var cache = view.WorkloadCache(kind.Kind)!;
            if (cache.Get(ns, reference.Name) is not { } cached)
                return (null, $"{kind} \"{reference.Name}\" not found");
            return (TargetScale.Of(kind, cached.Value), null);
        }
        var resource = await discovery.FindAsync(reference.ApiVersion ?? "", reference.Kind, "scale", ct).ConfigureAwait(false);
        if (resource is null)
            return (null, $"no kind \"{reference.Kind}\" is served in \"{reference.ApiVersion}\" with a scale subresource; check spec.scaleTargetRef");
        using var scale = await api.GetAsync(resource.ObjectPath(ns, reference.Name, "scale"), ct).ConfigureAwait(false);
        if (scale is null) return (null, $"{resource} \"{reference.Name}\" not found");
        var root = scale.RootElement;
        int spec = root.TryGetProperty("spec", out var s) && s.TryGetProperty("replicas", out var r) && r.TryGetInt32(out var n) ? n : 0;
        int status = root.TryGetProperty("status", out var st) && st.TryGetProperty("replicas", out var sr) && sr.TryGetInt32(out var m) ? m : 0;
        var selector = st.ValueKind == JsonValueKind.Object && st.TryGetProperty("selector", out var sel) ? sel.GetString() ?? "" : "";
        return (new TargetScale(resource, reference.Name, spec, status, selector, null), null);
    }
}
