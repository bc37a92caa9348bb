using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>Which part of the replica calculation a pod takes (HPA: replica_calculator.go, groupPods).</summary>
public enum PodGroup
{
    /// <summary>Has a usable sample and counts in the first pass.</summary>
    Ready,
    /// <summary>Pending, or (CPU only) not yet trustworthy; counted as 0 on scale-up, left out otherwise.</summary>
    Unready,
    /// <summary>No sample; counted as 0 on scale-up and as the target (or its request) on scale-down.</summary>
    Missing,
    /// <summary>Being deleted or terminal (Failed, Succeeded); dropped entirely.</summary>
    Ignored,
}

/// <summary>groupPods, one pod at a time, so the calculator can aggregate without building sets.</summary>
public static class PodGroups
{
    /// <summary>
    /// Classifies one pod. <paramref name="isCpu"/> turns on the CPU-only readiness rules: a pod without a
    /// Ready condition or start time is unready; inside the CPU initialization period it is unready while
    /// Ready=False or while its sample is older than one metric window after the last readiness change;
    /// after that period it is unready only if Ready=False and it never became ready (its readiness last
    /// changed within the initial readiness delay after start).
    /// </summary>
    public static PodGroup Classify(PodState pod, bool hasSample, DateTimeOffset sampleTimestamp, TimeSpan sampleWindow,
        bool isCpu, ControllerSettings settings, DateTimeOffset now)
    {
        // Upstream ignores pods being deleted and terminal pods (podutil.IsPodTerminal: Failed or Succeeded).
        if (pod.DeletionTimestamp is not null || pod.Phase is PodPhase.Failed or PodPhase.Succeeded) return PodGroup.Ignored;
        // Pending pods count as unready for every metric type, before we even look for a sample.
        if (pod.Phase == PodPhase.Pending) return PodGroup.Unready;
        if (!hasSample) return PodGroup.Missing;
        if (!isCpu) return PodGroup.Ready;

        var ready = pod.Ready;
        if (ready is null || pod.StartTime is not { } start) return PodGroup.Unready;
        // A condition without lastTransitionTime reads as Go's zero time upstream; MinValue plays that part.
        var lastTransition = ready.LastTransitionTime ?? DateTimeOffset.MinValue;
        bool unready;
        if (start + settings.CpuInitializationPeriod > now)
        {
            // Still warming up: a CPU spike at start-up must not drive a scale-up, so the sample only counts
            // once the pod is ready and a full metric window has passed since it became so.
            unready = !ready.Status || sampleTimestamp < lastTransition + sampleWindow;
        }
        else
        {
            // Past the initialization period a not-ready pod is still counted if it was ready once.
            unready = !ready.Status && start + settings.InitialReadinessDelay > lastTransition;
        }
        return unready ? PodGroup.Unready : PodGroup.Ready;
    }

    /// <summary>What Object and External Value targets multiply by: pods Running with Ready=True (HPA: getReadyPodsCount).</summary>
    public static int CountRunningAndReady(IReadOnlyList<PodState> pods)
    {
        var n = 0;
        for (var i = 0; i < pods.Count; i++)
        {
            var p = pods[i];
            if (p.Phase == PodPhase.Running && p.Ready is { Status: true }) n++;
        }
        return n;
    }
}
