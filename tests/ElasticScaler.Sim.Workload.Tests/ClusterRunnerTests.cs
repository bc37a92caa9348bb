using ElasticScaler.Sim.FastMode;
using Xunit.Abstractions;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>
/// Fast mode's own cluster model against the real sim controllers (Deployment, ReplicaSet, scheduler, kubelet) on a
/// FakeTimeProvider, for the same trace, scaler and load model: the replica curves must agree.
/// </summary>
public class ClusterRunnerTests(ITestOutputHelper output)
{
    private const string Hpa = """
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "wordpress", "namespace": "wordpress"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "wordpress"}, "minReplicas": 22, "maxReplicas": 100,
          "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}]}}
        """;

    /// <summary>The same cluster as ClusterRunOptions' default: 4 nodes of 7.91 allocatable cpu, WordPress at 500m / 512Mi, no readiness delay.</summary>
    private static readonly FastModeOptions SameCluster = new()
    {
        EcsNodes = 4,
        NodeCpu = 7.91,
        NodeMemoryGib = 29,
        NodeOtherRequestedShare = 0,
        PodCpu = 0.5,
        PodMemoryGib = 0.5,
        ReadinessDelay = TimeSpan.Zero,
    };

    [Fact]
    public async Task Fast_mode_follows_the_replica_curve_of_the_real_controllers_for_the_same_trace()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 200), new TracePoint(TimeSpan.FromMinutes(5), 800),
            new TracePoint(TimeSpan.FromMinutes(8), 800), new TracePoint(TimeSpan.FromMinutes(9), 300), new TracePoint(TimeSpan.FromMinutes(16), 300)]);
        var scaler = ScalerFile.Parse(Hpa, "hpa");
        var fast = FastRunner.Run(trace, scaler, SameCluster);
        var real = await ClusterRunner.RunAsync(trace, scaler);

        output.WriteLine("seconds  desired(fast/real)  ready(fast/real)");
        for (int i = 0; i < fast.Series.Count; i++)
        {
            var (f, r) = (fast.Series[i], real.Series[i]);
            output.WriteLine($"{f.Seconds,7}  {f.Desired,4} / {r.Desired,-4}        {f.EcsReady + f.EciReady,4} / {r.EcsReady + r.EciReady}");
        }
        output.WriteLine(fast.Summary());
        output.WriteLine(real.Summary());

        Assert.Equal(fast.Series.Count, real.Series.Count);
        Assert.True(real.Series.Max(r => r.Desired) > 40, "the trace should make the real run scale out");
        // Tolerance: at every sync the desired replicas differ by at most 10% (of the larger), and the peaks by at most 2.
        for (int i = 0; i < fast.Series.Count; i++)
        {
            var (f, r) = (fast.Series[i].Desired, real.Series[i].Desired);
            Assert.True(Math.Abs(f - r) <= Math.Max(2, 0.1 * Math.Max(f, r)), $"at {fast.Series[i].Seconds} s: fast {f}, real {r}");
        }
        Assert.InRange(fast.Totals.PeakReplicas - real.Totals.PeakReplicas, -2, 2);
    }
}
