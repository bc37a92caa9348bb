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

    /// <summary>A roomier cluster than the seed: 4 nodes of 7.91 allocatable cpu and nothing else on them (60 WordPress pods fit).</summary>
    private static readonly FastModeOptions Roomy = new() { EcsNodes = 4, NodeOtherCpu = 0, NodeOtherMemoryGib = 0 };
    private static readonly ClusterRunOptions RoomyCluster = new()
    {
        Pools =
        [
            new Cluster.NodePool { Name = "np-ecs", Count = 4, CpuMillis = 8000, AllocatableCpuMillis = 7910, MemoryBytes = 32L << 30, AllocatableMemoryBytes = 29L << 30 },
            Cluster.NodePool.Virtual(),
        ],
    };

    private void Print(FastReport fast, FastReport real)
    {
        output.WriteLine("seconds  desired(fast/real)  ECS ready(fast/real)  ECI ready(fast/real)");
        for (int i = 0; i < Math.Min(fast.Series.Count, real.Series.Count); i++)
        {
            var (f, r) = (fast.Series[i], real.Series[i]);
            output.WriteLine($"{f.Seconds,7}  {f.Desired,4} / {r.Desired,-4}        {f.EcsReady,4} / {r.EcsReady,-4}          {f.EciReady,4} / {r.EciReady}");
        }
        output.WriteLine(fast.Summary());
        output.WriteLine(real.Summary());
    }

    /// <summary>Tolerance: at every sync the desired replicas differ by at most 10% of the larger (at least 2), and so do the Ready ones per pool.</summary>
    private static void AssertSameCurve(FastReport fast, FastReport real)
    {
        Assert.Equal(fast.Series.Count, real.Series.Count);
        static bool Near(int a, int b) => Math.Abs(a - b) <= Math.Max(2, 0.1 * Math.Max(a, b));
        for (int i = 0; i < fast.Series.Count; i++)
        {
            var (f, r) = (fast.Series[i], real.Series[i]);
            Assert.True(Near(f.Desired, r.Desired), $"at {f.Seconds} s: desired fast {f.Desired}, real {r.Desired}");
            Assert.True(Near(f.EcsReady, r.EcsReady) && Near(f.EciReady, r.EciReady),
                $"at {f.Seconds} s: ready fast {f.EcsReady} ECS + {f.EciReady} ECI, real {r.EcsReady} ECS + {r.EciReady} ECI");
        }
    }

    [Fact]
    public async Task With_ecs_first_on_the_seed_preset_fast_mode_bursts_to_eci_as_the_real_controllers_do()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 200), new TracePoint(TimeSpan.FromMinutes(3), 800),
            new TracePoint(TimeSpan.FromMinutes(6), 800), new TracePoint(TimeSpan.FromMinutes(7), 200), new TracePoint(TimeSpan.FromMinutes(14), 200)]);
        // Start-up jitter off in both: the two draw it differently (a seeded sequence vs a hash of each pod's uid), which
        // moves single pods by up to ±3 s on ECI and with them a sync's utilization; the curves are compared without it.
        var fast = FastRunner.Run(trace, ScalerFile.Seed(), new FastModeOptions { StartupJitter = 0 });
        var real = await ClusterRunner.RunAsync(trace, ScalerFile.Seed(), new ClusterRunOptions { Kubelet = new Cluster.KubeletTiming { Jitter = 0 } });
        Print(fast, real);
        Assert.True(real.Totals.PeakEci > 0, "the real run should burst to ECI");
        AssertSameCurve(fast, real);
        Assert.Equal(0, real.Series[^1].EciReady);
    }

    [Fact]
    public async Task With_an_hpa_on_a_roomy_cluster_fast_mode_follows_the_replica_curve_of_the_real_controllers()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 200), new TracePoint(TimeSpan.FromMinutes(5), 800),
            new TracePoint(TimeSpan.FromMinutes(8), 800), new TracePoint(TimeSpan.FromMinutes(9), 300), new TracePoint(TimeSpan.FromMinutes(16), 300)]);
        var scaler = ScalerFile.Parse(Hpa, "hpa");
        var fast = FastRunner.Run(trace, scaler, Roomy);
        var real = await ClusterRunner.RunAsync(trace, scaler, RoomyCluster);
        Print(fast, real);
        Assert.True(real.Series.Max(r => r.Desired) > 40, "the trace should make the real run scale out");
        AssertSameCurve(fast, real);
    }
}
