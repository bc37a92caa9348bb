using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Replicas.Fx;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>A pod, its sample (if any) and the group HPA puts it in.</summary>
public sealed record GroupCase(string Name)
{
    public required PodState Pod { get; init; }
    /// <summary>Null when the pod has no sample; a sample without timestamp plays Go's zero time.</summary>
    public (DateTimeOffset Timestamp, TimeSpan Window)? Sample { get; init; }
    public string Resource { get; init; } = "cpu";
    public required PodGroup Expected { get; init; }
    public override string ToString() => Name;
}

/// <summary>Kubernetes' TestGroupPods, one pod per row (times relative to now, as upstream's time.Now()).</summary>
public sealed class PodGroupsTests
{
    private static readonly (DateTimeOffset, TimeSpan) ZeroSample = (DateTimeOffset.MinValue, TimeSpan.Zero);

    private static PodState Pod(string name, PodPhase phase = PodPhase.Running, DateTimeOffset? start = null, PodCondition? ready = null,
        DateTimeOffset? deleted = null) =>
        new() { Name = name, Phase = phase, StartTime = start, Ready = ready, DeletionTimestamp = deleted };

    public static TheoryData<GroupCase> Cases => new()
    {
        new("count in a ready pod - memory") { Pod = Pod("bentham"), Sample = (Now, TimeSpan.FromMinutes(1)), Resource = "memory", Expected = PodGroup.Ready },
        new("unready a pod without ready condition - CPU") { Pod = Pod("lucretius", start: Now), Sample = ZeroSample, Expected = PodGroup.Unready },
        new("count in a ready pod with fresh metrics during initialization period - CPU")
        {
            Pod = Pod("bentham", start: Now.AddMinutes(-1), ready: new(true, Now.AddSeconds(-30))),
            Sample = (Now, TimeSpan.FromSeconds(30)), Expected = PodGroup.Ready,
        },
        new("unready a ready pod without fresh metrics during initialization period - CPU")
        {
            Pod = Pod("bentham", start: Now.AddMinutes(-1), ready: new(true, Now.AddSeconds(-30))),
            Sample = (Now, TimeSpan.FromSeconds(60)), Expected = PodGroup.Unready,
        },
        new("unready an unready pod during initialization period - CPU")
        {
            Pod = Pod("lucretius", start: Now.AddMinutes(-10), ready: new(false, Now.AddMinutes(-9).AddSeconds(-54))),
            Sample = ZeroSample, Expected = PodGroup.Unready,
        },
        new("count in a ready pod without fresh metrics after initialization period - CPU")
        {
            Pod = Pod("bentham", start: Now.AddMinutes(-3), ready: new(true, Now.AddMinutes(-3))),
            Sample = (Now.AddMinutes(-2), TimeSpan.FromMinutes(1)), Expected = PodGroup.Ready,
        },
        new("count in an unready pod that was ready after initialization period - CPU")
        {
            Pod = Pod("lucretius", start: Now.AddMinutes(-10), ready: new(false, Now.AddMinutes(-9))),
            Sample = ZeroSample, Expected = PodGroup.Ready,
        },
        new("unready pod that has never been ready after initialization period - CPU")
        {
            // Upstream names this row "unready", yet expects the pod counted: the readiness change is exactly
            // start + 10 s, not after it.
            Pod = Pod("lucretius", start: Now.AddMinutes(-10), ready: new(false, Now.AddMinutes(-9).AddSeconds(-50))),
            Sample = ZeroSample, Expected = PodGroup.Ready,
        },
        new("a missing pod") { Pod = Pod("epicurus", start: Now.AddMinutes(-3)), Sample = null, Expected = PodGroup.Missing },
        new("several pods: lucretius") { Pod = Pod("lucretius", start: Now), Sample = ZeroSample, Expected = PodGroup.Unready },
        new("several pods: niccolo")
        {
            Pod = Pod("niccolo", start: Now.AddMinutes(-3), ready: new(true, Now.AddMinutes(-3))), Sample = ZeroSample, Expected = PodGroup.Ready,
        },
        new("several pods: epicurus") { Pod = Pod("epicurus", start: Now.AddMinutes(-3)), Sample = null, Expected = PodGroup.Missing },
        new("pending pods are unreadied") { Pod = Pod("unscheduled", PodPhase.Pending), Sample = null, Expected = PodGroup.Unready },
        new("ignore pods with deletion timestamps")
        {
            Pod = Pod("deleted", PodPhase.Pending, deleted: DateTimeOffset.FromUnixTimeSeconds(1)), Sample = ZeroSample, Expected = PodGroup.Ignored,
        },
        new("ignore pods in a failed state") { Pod = Pod("failed", PodPhase.Failed), Sample = ZeroSample, Expected = PodGroup.Ignored },
        new("ignore pods in a succeeded state") { Pod = Pod("succeeded", PodPhase.Succeeded), Sample = ZeroSample, Expected = PodGroup.Ignored },
        new("pending pods are unready for non-CPU metrics too") { Pod = Pod("p", PodPhase.Pending), Sample = ZeroSample, Resource = "", Expected = PodGroup.Unready },
        new("not-ready pods count for non-CPU metrics") { Pod = Pod("n", start: Now, ready: new(false, Now)), Sample = ZeroSample, Resource = "memory", Expected = PodGroup.Ready },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pods_are_grouped_as_kubernetes_groups_them(GroupCase tc)
    {
        var (ts, window) = tc.Sample ?? default;
        var group = PodGroups.Classify(tc.Pod, tc.Sample is not null, ts, window, tc.Resource == "cpu", Testing, Now);
        Assert.Equal(tc.Expected, group);
    }

    [Fact]
    public void Ready_pods_for_value_targets_are_running_and_ready()
    {
        PodState[] pods =
        [
            Pod("a", ready: new(true, Epoch)),
            Pod("b", ready: new(false, Epoch)),
            Pod("c", PodPhase.Pending, ready: new(true, Epoch)),
            Pod("d"),
        ];
        Assert.Equal(1, PodGroups.CountRunningAndReady(pods));
    }
}
