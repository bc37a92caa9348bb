using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// The replica formula per metric type, exactly as HPA autoscaling/v2 computes it
/// (pkg/controller/podautoscaler/replica_calculator.go). Pure: the pods, samples and values come in,
/// a proposal comes out. Values are in milli-units, as upstream's MilliValue().
/// </summary>
public static class ReplicaCalculator
{
    private const string NoPods = "no pods returned by selector while calculating replica count";
    private const string NoTargetedMetrics = "did not receive metrics for targeted pods (pods might be unready)";

    /// <summary>
    /// Resource or ContainerResource with a Utilization target (HPA: GetResourceReplicas):
    /// <c>ceil(utilization / target × ready pods)</c>, then the conservative second pass when pods are missing
    /// or (on scale-up) unready.
    /// </summary>
    public static ReplicaProposal GetResourceReplicas(int currentReplicas, int targetUtilization, string resource, string? container,
        Tolerance tolerance, IReadOnlyList<PodState> pods, IReadOnlyList<PodMetricsSample>? podMetrics, string? podMetricsError,
        ControllerSettings settings, DateTimeOffset now)
    {
        if (FetchError(resource, podMetrics, podMetricsError) is { } fetchError) return ReplicaProposal.Fail(fetchError);
        if (pods.Count == 0) return ReplicaProposal.Fail(NoPods);
        var timestamp = podMetrics![0].Timestamp;

        // On a scale-down a missing pod is taken to use its whole request, or the target when the target is
        // above 100 %, so that a missing sample never shrinks the fleet.
        var fallbackPercent = Math.Max(100, targetUtilization);
        var scan = PodScan.OfResource(pods, podMetrics, resource, container, withRequests: true, fallbackPercent, settings, now);
        if (scan.MetricsCount == 0) return ReplicaProposal.Fail(NoTargetedMetrics);
        if (scan.RequestError is { } requestError) return ReplicaProposal.Fail(requestError);

        // Only ready pods have both a sample and a request; superfluous samples have no request and drop out.
        if (!UsageRatio.TryResource(scan.ReadySum, scan.ReadyRequests, scan.Ready, targetUtilization,
                out var usageRatio, out var utilization, out var rawUtilization, out var ratioError))
            return ReplicaProposal.Fail(ratioError!);

        var scaleUpWithUnready = scan.Unready > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && scan.Missing == 0)
        {
            if (tolerance.Contains(usageRatio)) return new(currentReplicas, rawUtilization, utilization, timestamp, null);
            // No unready or missing pods: the first pass is the answer.
            return new(Milli.CeilToReplicas(usageRatio * scan.Ready), rawUtilization, utilization, timestamp, null);
        }

        var sum = scan.ReadySum;
        var requests = scan.ReadyRequests;
        var entries = scan.MetricsCount;
        if (scan.Missing > 0)
        {
            if (usageRatio < 1.0)
            {
                sum += scan.MissingFallback;
                requests += scan.MissingRequests;
                entries += scan.Missing;
            }
            else if (usageRatio > 1.0)
            {
                // On a scale-up a missing pod counts as using nothing.
                requests += scan.MissingRequests;
                entries += scan.Missing;
            }
        }
        if (scaleUpWithUnready)
        {
            // On a scale-up an unready pod counts as using nothing: it may be about to absorb load.
            requests += scan.UnreadyRequests;
            entries += scan.Unready;
        }

        if (!UsageRatio.TryResource(sum, requests, 0, targetUtilization, out var newUsageRatio, out _, out _, out ratioError))
            return ReplicaProposal.Fail(ratioError!);
        return SecondPass(currentReplicas, usageRatio, newUsageRatio, entries, tolerance, rawUtilization, utilization, timestamp);
    }

    /// <summary>
    /// Resource or ContainerResource with an AverageValue target (HPA: GetRawResourceReplicas): the average usage
    /// per pod against the target, with missing pods counted at the target on scale-down.
    /// </summary>
    public static ReplicaProposal GetRawResourceReplicas(int currentReplicas, long targetUsage, string resource, string? container,
        Tolerance tolerance, IReadOnlyList<PodState> pods, IReadOnlyList<PodMetricsSample>? podMetrics, string? podMetricsError,
        ControllerSettings settings, DateTimeOffset now)
    {
        if (FetchError(resource, podMetrics, podMetricsError) is { } fetchError) return ReplicaProposal.Fail(fetchError);
        if (pods.Count == 0) return ReplicaProposal.Fail(NoPods);
        var scan = PodScan.OfResource(pods, podMetrics!, resource, container, withRequests: false, 0, settings, now);
        return PlainMetricReplicas(scan, currentReplicas, targetUsage, tolerance, podMetrics![0].Timestamp);
    }

    /// <summary>Pods metric with an AverageValue target (HPA: GetMetricReplicas); unready means Pending only.</summary>
    public static ReplicaProposal GetMetricReplicas(int currentReplicas, long targetUsage, IReadOnlyDictionary<string, Quantity> perPod,
        Tolerance tolerance, IReadOnlyList<PodState> pods, ControllerSettings settings, DateTimeOffset now, DateTimeOffset? timestamp = null)
    {
        if (perPod.Count == 0) return ReplicaProposal.Fail("no metrics returned from custom metrics API");
        if (pods.Count == 0) return ReplicaProposal.Fail(NoPods);
        var scan = PodScan.OfPerPod(pods, perPod, settings, now);
        return PlainMetricReplicas(scan, currentReplicas, targetUsage, tolerance, timestamp);
    }

    /// <summary>
    /// Object metric with a Value target (HPA: GetObjectMetricReplicas): <c>ceil(value / target × ready pods)</c>,
    /// where ready pods are Running and Ready; from zero replicas, <c>ceil(value / target)</c> and no tolerance.
    /// </summary>
    public static ReplicaProposal GetObjectMetricReplicas(int currentReplicas, long targetUsage, long usage, Tolerance tolerance,
        IReadOnlyList<PodState> pods, DateTimeOffset? timestamp = null)
    {
        var usageRatio = (double)usage / targetUsage;
        return UsageRatioReplicaCount(currentReplicas, usageRatio, tolerance, pods, usage, timestamp);
    }

    /// <summary>
    /// Object metric with an AverageValue target (HPA: GetObjectPerPodMetricReplicas): tolerance is judged
    /// against <c>value / (target × status.replicas)</c>; the proposal is <c>ceil(value / target)</c>.
    /// </summary>
    public static ReplicaProposal GetObjectPerPodMetricReplicas(int statusReplicas, long targetAverageUsage, long usage,
        Tolerance tolerance, DateTimeOffset? timestamp = null) =>
        PerPodReplicas(statusReplicas, targetAverageUsage, usage, tolerance, timestamp);

    /// <summary>
    /// External metric with a Value target (HPA: GetExternalMetricReplicas): the series are summed (saturating
    /// at MaxInt64), then as an Object Value target.
    /// </summary>
    public static ReplicaProposal GetExternalMetricReplicas(int currentReplicas, long targetUsage, IReadOnlyList<Quantity> values,
        Tolerance tolerance, IReadOnlyList<PodState> pods, DateTimeOffset? timestamp = null)
    {
        long usage = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var v = Milli.Of(values[i]);
            // Cap at MaxInt64 for positive overflow.
            if (v > 0 && usage > long.MaxValue - v)
            {
                usage = long.MaxValue;
                break;
            }
            usage += v;
        }
        var usageRatio = (double)usage / targetUsage;
        return UsageRatioReplicaCount(currentReplicas, usageRatio, tolerance, pods, usage, timestamp);
    }

    /// <summary>
    /// External metric with an AverageValue target (HPA: GetExternalPerPodMetricReplicas): the series are summed,
    /// then as an Object AverageValue target; replicas saturate at MaxInt32.
    /// </summary>
    public static ReplicaProposal GetExternalPerPodMetricReplicas(int statusReplicas, long targetUsagePerPod, IReadOnlyList<Quantity> values,
        Tolerance tolerance, DateTimeOffset? timestamp = null)
    {
        long usage = 0;
        for (var i = 0; i < values.Count; i++)
        {
            usage = unchecked(usage + Milli.Of(values[i]));
            if (usage < 0)
            {
                // The only way to get here is an int64 overflow.
                usage = long.MaxValue;
                break;
            }
        }
        return PerPodReplicas(statusReplicas, targetUsagePerPod, usage, tolerance, timestamp);
    }

    private static string? FetchError(string resource, IReadOnlyList<PodMetricsSample>? podMetrics, string? podMetricsError)
    {
        if (podMetricsError is not null) return $"unable to get metrics for resource {resource}: {podMetricsError}";
        if (podMetrics is null || podMetrics.Count == 0)
            return $"unable to get metrics for resource {resource}: no metrics returned from resource metrics API";
        return null;
    }

    /// <summary>HPA: calcPlainMetricReplicas, for AverageValue targets over per-pod samples.</summary>
    private static ReplicaProposal PlainMetricReplicas(in PodScan scan, int currentReplicas, long targetUsage, Tolerance tolerance,
        DateTimeOffset? timestamp)
    {
        var entries = scan.MetricsCount;
        if (entries == 0) return ReplicaProposal.Fail(NoTargetedMetrics);

        var total = scan.MetricsSum;
        var usageRatio = UsageRatio.Plain(total, entries, targetUsage, out var usage);
        var scaleUpWithUnready = scan.Unready > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && scan.Missing == 0)
        {
            if (tolerance.Contains(usageRatio)) return new(currentReplicas, usage, null, timestamp, null);
            return new(Milli.CeilToReplicas(usageRatio * scan.Ready), usage, null, timestamp, null);
        }

        if (scan.Missing > 0)
        {
            if (usageRatio < 1.0)
            {
                // On a scale-down a missing pod is taken to use exactly the target.
                total += (Int128)targetUsage * scan.Missing;
                entries += scan.Missing;
            }
            else if (usageRatio > 1.0)
            {
                entries += scan.Missing;
            }
        }
        if (scaleUpWithUnready) entries += scan.Unready;

        var newUsageRatio = UsageRatio.Plain(total, entries, targetUsage, out _);
        return SecondPass(currentReplicas, usageRatio, newUsageRatio, entries, tolerance, usage, null, timestamp);
    }

    /// <summary>The end of the conservative pass, shared by the utilization and plain-value paths.</summary>
    private static ReplicaProposal SecondPass(int currentReplicas, double usageRatio, double newUsageRatio, int entries,
        Tolerance tolerance, long usage, int? utilization, DateTimeOffset? timestamp)
    {
        // Keep the current count if the change would be too small, or if counting the missing and unready
        // pods flips the direction (a scale-up that turns into a scale-down, or the reverse).
        if (tolerance.Contains(newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0))
            return new(currentReplicas, usage, utilization, timestamp, null);

        var newReplicas = Milli.CeilToReplicas(newUsageRatio * entries);
        // The number of pods counted can differ from the current count; never move against the ratio's direction.
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas))
            return new(currentReplicas, usage, utilization, timestamp, null);
        return new(newReplicas, usage, utilization, timestamp, null);
    }

    /// <summary>HPA: getUsageRatioReplicaCount. From zero replicas tolerance and ready pods are skipped (scale from zero).</summary>
    private static ReplicaProposal UsageRatioReplicaCount(int currentReplicas, double usageRatio, Tolerance tolerance,
        IReadOnlyList<PodState> pods, long usage, DateTimeOffset? timestamp)
    {
        int replicas;
        if (currentReplicas != 0)
        {
            if (tolerance.Contains(usageRatio)) return new(currentReplicas, usage, null, timestamp, null);
            if (pods.Count == 0) return ReplicaProposal.Fail($"unable to calculate ready pods: {NoPods}");
            var ready = PodGroups.CountRunningAndReady(pods);
            // Saturate at MaxInt32 as upstream does for very large metric values.
            replicas = Milli.CeilToReplicas(usageRatio * ready);
        }
        else
        {
            replicas = Milli.CeilToReplicas(usageRatio);
        }
        return new(replicas, usage, null, timestamp, null);
    }

    /// <summary>HPA: GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas after the value is known.</summary>
    private static ReplicaProposal PerPodReplicas(int statusReplicas, long targetUsagePerPod, long usage, Tolerance tolerance,
        DateTimeOffset? timestamp)
    {
        var replicas = statusReplicas;
        // With zero status replicas the ratio is +Inf (or NaN for a zero value): outside any tolerance.
        var usageRatio = usage / ((double)targetUsagePerPod * statusReplicas);
        if (!tolerance.Contains(usageRatio)) replicas = Milli.CeilToReplicas((double)usage / targetUsagePerPod);
        return new(replicas, PerPodUsage(usage, statusReplicas), null, timestamp, null);
    }

    /// <summary>HPA: getPerPodUsage. MaxInt64 stays MaxInt64 (no wrap); zero replicas give 0 (no division by zero).</summary>
    internal static long PerPodUsage(long usage, int statusReplicas)
    {
        if ((double)usage >= long.MaxValue) return long.MaxValue;
        if (statusReplicas == 0) return 0;
        return (long)Math.Ceiling((double)usage / statusReplicas);
    }
}
