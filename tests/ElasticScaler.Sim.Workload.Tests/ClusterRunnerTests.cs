using ElasticScaler.Sim.FastMode;
using Xunit.Abstractions;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>
/// Fast mode's own cluster model against the real sim controllers (Deployment, ReplicaSet, scheduler, kubelet) on a
/// FakeTimeProvider, for the same trace, scaler and load model: the replica curves must agree. Both act with the
/// twin design's two counts: ClusterRunner through the service's DecisionActuation, FastRunner on its own model.
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

    /// <summary>
    /// Without start-up jitter, at the seed's timings, the two must agree exactly: desired, and Ready per pool, at every
    /// sync. (They sample usage at different points of a tick, which a start-up delay other than the sync period's 15 s
    /// would expose for pods that turn Ready at a sync: docs/sim.md, gaps.)
    /// </summary>
    private static void AssertEqualCurve(FastReport fast, FastReport real)
    {
        Assert.Equal(fast.Series.Count, real.Series.Count);
        for (int i = 0; i < fast.Series.Count; i++)
        {
            var (f, r) = (fast.Series[i], real.Series[i]);
            Assert.True((f.Desired, f.EcsReady, f.EciReady) == (r.Desired, r.EcsReady, r.EciReady),
                $"at {f.Seconds} s: fast desired {f.Desired}, {f.EcsReady} ECS + {f.EciReady} ECI Ready; real desired {r.Desired}, {r.EcsReady} ECS + {r.EciReady} ECI Ready");
        }
    }

    /// <summary>
    /// With start-up jitter on, the two draw it differently (a seeded sequence vs a hash of each pod's uid), which moves
    /// single pods by up to ±20% of their start-up and with them a sync's utilization: at every sync the desired replicas
    /// differ by at most 10% of the larger (at least 2), and so do the Ready ones per pool.
    /// </summary>
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
        AssertEqualCurve(fast, real);
        Assert.Equal(0, real.Series[^1].EciReady);
    }

    /// <summary>
    /// The target's count carries every ECS creation in both (ClusterRunner once ignored a plan's ECS creates and relied on
    /// the total): starting below the ECS room (12 of 22), the target grows to the room before the twin takes the burst.
    /// </summary>
    [Fact]
    public async Task Starting_below_the_ecs_room_both_grow_the_target_first_then_the_twin()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 100), new TracePoint(TimeSpan.FromMinutes(2), 700),
            new TracePoint(TimeSpan.FromMinutes(5), 700), new TracePoint(TimeSpan.FromMinutes(6), 150), new TracePoint(TimeSpan.FromMinutes(12), 150)]);
        var scaler = ScalerFile.Seed();
        var fast = FastRunner.Run(trace, scaler, new FastModeOptions { StartupJitter = 0, InitialReplicas = 12 });
        var real = await ClusterRunner.RunAsync(trace, scaler, new ClusterRunOptions { Kubelet = new Cluster.KubeletTiming { Jitter = 0 }, InitialReplicas = 12 });
        Print(fast, real);
        Assert.True(real.Totals.PeakEci > 0, "the twin should grow");
        Assert.Equal(22, real.Series.First(r => r.EciReady > 0).EcsReady);   // ECS first: the room is full before ECI runs
        AssertEqualCurve(fast, real);
    }

    /// <summary>What one sync left in the workload's namespace, as the test reads the store.</summary>
    private sealed record Look(SyncRow Row, int TargetReplicas, int? TwinReplicas, bool TwinOwnedByScaler, bool HandBackFinalizer, IReadOnlyList<string> Strays);

    /// <summary>
    /// After each sync: the target's and the twin's spec.replicas, whether the twin's controller is the ElasticScaler
    /// object in the store, and every pod of the namespace not made by a ReplicaSet of the target or of the twin, or on
    /// the wrong side (a twin pod off the virtual node, a target pod on it).
    /// </summary>
    private static Look LookInto(Cluster.SimulatedCluster cluster, SyncRow row)
    {
        var store = cluster.Api.Store;
        var target = store.Get("deployments.apps", "wordpress", "wordpress")!;
        var twin = store.Get("deployments.apps", "wordpress", "wordpress-eci");
        var scaler = store.Get("elasticscalers.autoscaling.elasticscaler.io", "wordpress", "wordpress");
        var virtualNodes = store.List("nodes", null).Items.Where(n => Core.Ack.AckLabels.IsVirtualNode(n.Labels)).Select(n => n.Name).ToHashSet();
        var partOfReplicaSet = store.List("replicasets.apps", "wordpress").Items
            .Where(rs => rs.OwnerUids.Contains(target.Uid) || (twin is not null && rs.OwnerUids.Contains(twin.Uid)))
            .ToDictionary(rs => rs.Uid, rs => rs.OwnerUids.Contains(target.Uid) ? "target" : "twin");
        var strays = new List<string>();
        foreach (var pod in store.List("pods", "wordpress").Items)
        {
            var part = pod.OwnerUids.Select(partOfReplicaSet.GetValueOrDefault).FirstOrDefault(p => p is not null);
            var node = (string?)pod.Parse()["spec"]?["nodeName"];
            bool onVirtual = node is not null && virtualNodes.Contains(node);
            if (part is null) strays.Add($"{pod.Name}: owned by [{string.Join(", ", pod.OwnerUids)}], no ReplicaSet of the target or the twin");
            else if (part == "twin" && node is not null && !onVirtual) strays.Add($"{pod.Name}: a twin pod on ECS node {node}");
            else if (part == "target" && onVirtual) strays.Add($"{pod.Name}: a target pod on the virtual node");
        }
        var twinOwner = twin?.Parse()["metadata"]?["ownerReferences"]?[0];
        bool ownedByScaler = scaler is not null && twinOwner is not null && (string?)twinOwner["kind"] == "ElasticScaler"
            && (string?)twinOwner["uid"] == scaler.Uid && (bool?)twinOwner["controller"] == true;
        bool finalizer = scaler?.Parse()["metadata"]?["finalizers"] is System.Text.Json.Nodes.JsonArray f && f.Any(x => (string?)x == Service.Controller.ScalerObject.HandBackFinalizer);
        return new Look(row, (int)target.Parse()["spec"]!["replicas"]!, (int?)twin?.Parse()["spec"]?["replicas"], ownedByScaler, finalizer, strays);
    }

    [Fact]
    public async Task Through_the_cluster_fast_mode_makes_no_pod_itself_and_bursts_through_the_twin()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 200), new TracePoint(TimeSpan.FromMinutes(3), 800),
            new TracePoint(TimeSpan.FromMinutes(6), 800), new TracePoint(TimeSpan.FromMinutes(7), 200), new TracePoint(TimeSpan.FromMinutes(14), 200)]);
        var looks = new List<Look>();
        var real = await ClusterRunner.RunAsync(trace, ScalerFile.Seed(), new ClusterRunOptions
        {
            Kubelet = new Cluster.KubeletTiming { Jitter = 0 },
            AfterSync = (cluster, row) => looks.Add(LookInto(cluster, row)),
        });

        Assert.Equal(real.Series.Count, looks.Count);
        Assert.All(looks, l => Assert.True(l.Strays.Count == 0, $"at {l.Row.Seconds} s: " + string.Join("; ", l.Strays)));
        // The twin is made at the first decision (with 0 replicas) and owned by the scaler object the run created,
        // which holds the service's hand-back finalizer from then on.
        Assert.All(looks, l => Assert.True(l.TwinReplicas is not null && l.TwinOwnedByScaler && l.HandBackFinalizer,
            $"at {l.Row.Seconds} s: twin {l.TwinReplicas?.ToString() ?? "missing"}, owned by the ElasticScaler: {l.TwinOwnedByScaler}, finalizer: {l.HandBackFinalizer}"));
        // At the peak the ECS room (22) is the target's, the rest is the twin's, every pod of it Ready on the virtual node.
        var peak = looks.MaxBy(l => l.Row.EciReady)!;
        Assert.True(peak.Row.EciReady > 0, "the run should burst to ECI");
        Assert.Equal((22, peak.Row.EciReady), (peak.TargetReplicas, peak.TwinReplicas!.Value));
        Assert.Equal(peak.Row.Desired, peak.TargetReplicas + peak.TwinReplicas.Value);
        // Scale-in released ECI first: the twin is back at 0 while the target keeps the floor.
        Assert.Equal((22, 0), (looks[^1].TargetReplicas, looks[^1].TwinReplicas!.Value));
    }

    [Fact]
    public async Task With_an_hpa_on_a_roomy_cluster_fast_mode_follows_the_replica_curve_of_the_real_controllers()
    {
        var trace = new Trace([
            new TracePoint(TimeSpan.Zero, 200), new TracePoint(TimeSpan.FromMinutes(5), 800),
            new TracePoint(TimeSpan.FromMinutes(8), 800), new TracePoint(TimeSpan.FromMinutes(9), 300), new TracePoint(TimeSpan.FromMinutes(16), 300)]);
        var scaler = ScalerFile.Parse(Hpa, "hpa");
        var fast = FastRunner.Run(trace, scaler, Roomy);
        var twins = 0;
        var real = await ClusterRunner.RunAsync(trace, scaler, RoomyCluster with
        {
            AfterSync = (cluster, _) => twins += cluster.Api.Store.Get("deployments.apps", "wordpress", "wordpress-eci") is null ? 0 : 1,
        });
        Print(fast, real);
        Assert.True(real.Series.Max(r => r.Desired) > 40, "the trace should make the real run scale out");
        AssertSameCurve(fast, real);
        Assert.Equal(0, twins);   // no placement, no twin: the HPA's desired total goes to the target's scale
    }
}
