using ElasticScaler.Core.Placement;
using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Sim.Workload.Tests;

public class FastModeTests
{
    private static Trace Trace(params (double Seconds, double Rps)[] points) =>
        new([.. points.Select(p => new TracePoint(TimeSpan.FromSeconds(p.Seconds), p.Rps))]);

    private static readonly Trace Spike = Trace((0, 100), (60, 100), (90, 900), (600, 900), (630, 100), (1200, 100));

    [Fact]
    public void The_same_trace_and_seed_give_the_same_report()
    {
        var a = FastRunner.Run(Spike, ScalerFile.Seed(), new FastModeOptions { Seed = 7 });
        var b = FastRunner.Run(Spike, ScalerFile.Seed(), new FastModeOptions { Seed = 7 });
        Assert.Equal(a.ToJson(), b.ToJson());
    }

    [Fact]
    public void Every_request_of_the_trace_is_counted_once()
    {
        var report = FastRunner.Run(Spike, ScalerFile.Seed());
        // The trace's integral: trapezoids of the linear ramp.
        double expected = 60 * 100 + 30 * 500 + 510 * 900 + 30 * 500 + 570 * 100;
        Assert.InRange(report.Totals.Requests, expected - 1, expected + 1);
        Assert.Equal(report.Totals.Requests, report.Totals.Served + report.Totals.Late + report.Totals.TimedOut + report.Totals.Rejected + report.Totals.Failed);
    }

    [Fact]
    public void A_spike_beyond_ecs_room_bursts_to_eci_and_scale_in_releases_eci_first()
    {
        var report = FastRunner.Run(Spike, ScalerFile.Seed());
        var peak = report.Series.MaxBy(r => r.EcsReady + r.EciReady)!;
        Assert.True(peak.EciReady > 0, "the spike should run some replicas on ECI");
        Assert.Equal(22, peak.EcsReady);   // the seed preset's ECS room: 2 nodes x (7.91 - 2.4) cpu / 500m = 2 x 11
        Assert.True(report.Totals.EciCost > 0);
        // 15 minutes of tail at 100 rps: after the 5-minute stabilization ECI is released, ECS stays at the floor.
        var last = report.Series[^1];
        Assert.Equal(0, last.EciReady);
        Assert.True(last.EcsReady >= 22);
    }

    [Fact]
    public void Requests_on_a_cluster_that_never_scales_time_out_or_get_503_once_load_passes_capacity()
    {
        // 22 pods x 0.5 core / 20 ms = 550 rps of capacity; 1000 rps with a scaler pinned at 22.
        var pinned = ScalerFile.Parse("""
            {"kind": "ElasticScaler", "metadata": {"name": "pinned"}, "spec": {
              "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "wordpress"},
              "minReplicas": 22, "maxReplicas": 22,
              "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}]}}
            """, "pinned");
        var report = FastRunner.Run(Trace((0, 1000), (120, 1000)), pinned);
        Assert.True(report.Totals.TimedOut + report.Totals.Rejected > 0);
        Assert.InRange(report.Totals.Served + report.Totals.Late, 120 * 550 * 0.9, 120 * 550 * 1.05);
        Assert.All(report.Series.Skip(1), r => Assert.InRange(r.CpuUtilization, 0.95, 1.05));
    }

    [Fact]
    public void Each_part_is_kept_at_its_count_like_a_replicaset_pending_pods_go_first_and_the_other_part_is_never_touched()
    {
        // One ECS node with room for 11 pods (7.91 - 2.4 cpu over 500m); the ECI part runs on the virtual node.
        var cluster = new FastCluster(new FastModeOptions { EcsNodes = 1, StartupJitter = 0 });
        var t0 = new DateTimeOffset(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);
        cluster.Reconcile(PlacementPool.Ecs, 13, t0);
        cluster.Reconcile(PlacementPool.Eci, 3, t0);
        cluster.Step(t0, TimeSpan.Zero);
        var later = t0 + TimeSpan.FromMinutes(1);
        cluster.Step(later, TimeSpan.FromMinutes(1));
        var pending = cluster.Pods.Where(p => p.NodeName is null).Select(p => p.Name).ToList();
        Assert.Equal(2, pending.Count);   // the two ECS pods beyond the node's room
        Assert.All(cluster.Pods.Where(p => p.Pool == PlacementPool.Eci), p => Assert.Equal(FastCluster.VirtualNode, p.NodeName));

        cluster.Reconcile(PlacementPool.Ecs, 11, later);
        Assert.DoesNotContain(cluster.Pods, p => pending.Contains(p.Name));   // unassigned pods rank first and leave at once
        Assert.Equal(11, cluster.Pods.Count(p => p.Pool == PlacementPool.Ecs && p.Ready(later)));
        Assert.Equal(3, cluster.Pods.Count(p => p.Pool == PlacementPool.Eci && p.Ready(later)));

        cluster.Reconcile(PlacementPool.Eci, 1, later);
        Assert.Equal((11, 1), (cluster.Pods.Count(p => p.Pool == PlacementPool.Ecs && p.DeletedAt is null), cluster.Pods.Count(p => p.Pool == PlacementPool.Eci && p.DeletedAt is null)));
        // The twin's pods read as the twin's template makes them: its pool label, ACK's ECI label, the virtual node's selector.
        var twinPod = cluster.PodStates(later).First(p => p.DeletionTimestamp is null && p.NodeName == FastCluster.VirtualNode);
        Assert.Equal(("eci", "true", "virtual-kubelet"), (twinPod.Labels["elasticscaler.io/pool"], twinPod.Labels["alibabacloud.com/eci"], twinPod.NodeSelector!["type"]));
    }

    [Fact]
    public void A_scaler_file_becomes_the_object_a_user_would_apply_without_server_fields()
    {
        var scaler = ScalerFile.Parse("""
            // as kubectl prints it, then edited by hand
            {"kind": "ElasticScaler",
             "metadata": {"name": "web", "namespace": "shop", "uid": "u-1", "resourceVersion": "9", "annotations": {"team": "a"}},
             "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 3, "maxReplicas": 9},
             "status": {"desiredReplicas": 4},}
            """, "web.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(scaler.Manifest)!;
        Assert.Equal(("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler", "web", "a"),
            ((string?)manifest["apiVersion"], (string?)manifest["kind"], (string?)manifest["metadata"]!["name"], (string?)manifest["metadata"]!["annotations"]!["team"]));
        Assert.Equal(3, (int?)manifest["spec"]!["minReplicas"]);
        Assert.Null(manifest["status"]);
        Assert.Equal(["annotations", "name"], manifest["metadata"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void A_bad_scaler_file_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => ScalerFile.Parse("""{"kind": "ElasticScaler", "spec": {"maxReplicas": "many"}}""", "s.json"));
        Assert.Equal("s.json: spec.maxReplicas: \"many\": must be an integer", e.Message);
    }
}
