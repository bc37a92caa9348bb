using ElasticScaler.Sim.Cluster.Workloads;

namespace ElasticScaler.Sim.Cluster.Tests;

public class PodRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static RankedPod P(string name, string node = "n1", string phase = "Running", bool ready = true, int readyAgoSec = 3600,
        int cost = 0, int restarts = 0, int createdAgoSec = 7200, string? uid = null) =>
        new(name, uid ?? name, node, phase, ready, ready ? Now.AddSeconds(-readyAgoSec) : null, cost, restarts, Now.AddSeconds(-createdAgoSec));

    public static TheoryData<string, RankedPod, RankedPod> FirstGoesFirst => new()
    {
        { "unassigned before assigned", P("a", node: "", phase: "Pending", ready: false), P("b") },
        { "pending before running", P("a", phase: "Pending", ready: false), P("b") },
        { "unknown before running", P("a", phase: "Unknown"), P("b") },
        { "not ready before ready", P("a", ready: false), P("b") },
        { "lower deletion cost first, even if ready longer", P("a", cost: -100, readyAgoSec: 99999), P("b", cost: 0, readyAgoSec: 10) },
        { "ready for less time first (different log2 bucket)", P("a", readyAgoSec: 60), P("b", readyAgoSec: 3600) },
        { "more restarts first", P("a", restarts: 3), P("b", restarts: 0) },
        { "newer first (different log2 bucket)", P("a", createdAgoSec: 100), P("b", createdAgoSec: 10000) },
        { "same bucket falls back to uid order", P("z", readyAgoSec: 3000, uid: "0001"), P("y", readyAgoSec: 3100, uid: "0002") },
    };

    [Theory]
    [MemberData(nameof(FirstGoesFirst))]
    public void The_replicaset_ranking_deletes_the_first_pod_before_the_second(string rule, RankedPod first, RankedPod second)
    {
        Assert.True(PodRanking.Compare(first, 1, second, 1, Now) < 0, rule);
        Assert.True(PodRanking.Compare(second, 1, first, 1, Now) > 0, rule);
        Assert.Equal(first.Name, PodRanking.Victims([second, first], [first, second], 1, Now)[0].Name);
    }

    [Fact]
    public void Pods_on_a_node_with_more_related_pods_go_first_when_cost_is_equal()
    {
        // The seed's shape after a burst: 11 pods on each ECS node, 8 on the virtual node, all ready: the real ranking
        // takes ECS pods first (rank 11 > 8), which is why ECI-first scale-in needs pod-deletion-cost.
        var ecs = Enumerable.Range(0, 11).Select(i => P($"ecs-{i}", node: "ecs-1", readyAgoSec: 3600)).ToList();
        var eci = Enumerable.Range(0, 8).Select(i => P($"eci-{i}", node: "vk", readyAgoSec: 60)).ToList();
        var all = ecs.Concat(eci).ToList();
        var victims = PodRanking.Victims(all, all, 8, Now);
        Assert.All(victims, v => Assert.Equal("ecs-1", v.NodeName));
    }

    [Fact]
    public void Deletion_cost_on_the_eci_pods_turns_the_victims_to_eci()
    {
        var ecs = Enumerable.Range(0, 11).Select(i => P($"ecs-{i}", node: "ecs-1")).ToList();
        var eci = Enumerable.Range(0, 8).Select(i => P($"eci-{i}", node: "vk", cost: -100)).ToList();
        var all = ecs.Concat(eci).ToList();
        Assert.All(PodRanking.Victims(all, all, 8, Now), v => Assert.Equal("vk", v.NodeName));
    }
}
