using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// The request a pod makes for a resource, the denominator of utilization
/// (HPA: replica_calculator.go, calculateRequests and its helpers).
/// </summary>
public static class ResourceRequests
{
    /// <summary>
    /// The request in milli-units. With a container name, that container's request (pod-level requests are
    /// ignored, the container wins). Without one, the pod-level request when <c>spec.resources.requests</c> is
    /// set (KEP-2837), otherwise the sum over the containers plus restartable (sidecar) init containers, every
    /// one of which must declare the request.
    /// </summary>
    /// <returns>False with an upstream-worded error when the request cannot be determined.</returns>
    public static bool TryGetMilli(PodState pod, string resource, string? container, out long milli, out string? error)
    {
        if (string.IsNullOrEmpty(container) && IsPodLevelRequestsSet(pod))
            return TryPodLevel(pod, resource, out milli, out error);
        return TryFromContainers(pod, resource, container, out milli, out error);
    }

    /// <summary>True when the pod declares a pod-level request for a resource that pod-level resources support.</summary>
    public static bool IsPodLevelRequestsSet(PodState pod)
    {
        if (pod.PodRequests is not { Count: > 0 } requests) return false;
        foreach (var name in requests.Keys)
            if (name is "cpu" or "memory" || name.StartsWith("hugepages-", StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool TryFromContainers(PodState pod, string resource, string? container, out long milli, out string? error)
    {
        var named = !string.IsNullOrEmpty(container);
        long sum = 0;
        // Regular containers first, then restartable init containers, the order upstream walks them.
        for (var pass = 0; pass < 2; pass++)
        {
            var list = pass == 0 ? pod.Containers : pod.InitContainers;
            for (var i = 0; i < list.Count; i++)
            {
                var c = list[i];
                if (pass == 1 && !c.RestartPolicyAlways) continue;
                if (named && c.Name != container) continue;
                if (!c.Requests.TryGetValue(resource, out var q))
                {
                    milli = 0;
                    error = $"missing request for {resource} in container {c.Name} of Pod {pod.Name}";
                    return false;
                }
                sum += Milli.Of(q);
                if (named)
                {
                    // Container names are unique inside a pod.
                    milli = sum;
                    error = null;
                    return true;
                }
            }
        }
        if (named)
        {
            milli = 0;
            error = $"container {container} not found in Pod {pod.Name}";
            return false;
        }
        milli = sum;
        error = null;
        return true;
    }

    private static bool TryPodLevel(PodState pod, string resource, out long milli, out string? error)
    {
        if (pod.PodRequests!.TryGetValue(resource, out var q))
        {
            milli = Milli.Of(q);
            error = null;
            return true;
        }
        // A resource not set at pod level falls back to the container aggregate that the scheduler uses
        // (component-helpers PodRequests): containers plus sidecars, or the largest init step if bigger.
        if (TryAggregate(pod, resource, out milli))
        {
            error = null;
            return true;
        }
        error = $"missing pod-level request for {resource} in Pod {pod.Name}";
        return false;
    }

    private static bool TryAggregate(PodState pod, string resource, out long milli)
    {
        long total = 0, sidecars = 0, initPeak = 0;
        var found = false;
        foreach (var c in pod.Containers)
        {
            if (c.Requests.TryGetValue(resource, out var q)) { total += Milli.Of(q); found = true; }
        }
        foreach (var c in pod.InitContainers)
        {
            var has = c.Requests.TryGetValue(resource, out var q);
            var own = has ? Milli.Of(q) : 0;
            found |= has;
            long step;
            if (c.RestartPolicyAlways)
            {
                // A sidecar keeps running: it adds to the steady state and to every later init step.
                total += own;
                sidecars += own;
                step = sidecars;
            }
            else
            {
                step = own + sidecars;
            }
            initPeak = Math.Max(initPeak, step);
        }
        milli = Math.Max(total, initPeak);
        return found;
    }
}

