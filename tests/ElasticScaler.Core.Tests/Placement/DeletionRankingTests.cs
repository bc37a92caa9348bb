using CsCheck;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Placement;

/// <summary>The ReplicaSet's scale-down order (ActivePodsWithRanks, 1.32): the table once, for every caller.</summary>
public sealed class DeletionRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A Running pod on n1, Ready for an hour, created two hours ago, unless told.</summary>
    private static PodState P(string name, string? node = "n1", PodPhase phase = PodPhase.Running, bool ready = true, int readyAgoSec = 3600,
        int? cost = null, int restarts = 0, int? createdAgoSec = 7200, string? uid = null, string? rawCost = null) => new()
    {
        Name = name,
        Uid = uid ?? name,
        NodeName = node,
        Phase = phase,
        Ready = new PodCondition(ready, ready ? Now.AddSeconds(-readyAgoSec) : Now.AddSeconds(-60)),
        Annotations = (rawCost ?? cost?.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } c
            ? new Dictionary<string, string> { [DeletionRanking.DeletionCostAnnotation] = c }
            : new Dictionary<string, string>(),
        Restarts = restarts,
        CreationTimestamp = createdAgoSec is { } ago ? Now.AddSeconds(-ago) : null,
    };

    public static TheoryData<string, PodState, PodState> FirstGoesFirst => new()
    {
        { "unassigned before assigned", P("a", node: null, phase: PodPhase.Pending, ready: false), P("b") },
        { "an empty node name is unassigned too", P("a", node: "", phase: PodPhase.Pending, ready: false), P("b", phase: PodPhase.Pending, ready: false) },
        { "pending before running", P("a", phase: PodPhase.Pending, ready: false), P("b") },
        { "unknown before running", P("a", phase: PodPhase.Unknown), P("b") },
        { "pending before unknown", P("a", phase: PodPhase.Pending), P("b", phase: PodPhase.Unknown) },
        { "not ready before ready", P("a", ready: false), P("b") },
        { "lower deletion cost first, even if ready longer", P("a", cost: -100, readyAgoSec: 99999), P("b", cost: 0, readyAgoSec: 10) },
        { "ready for less time first (different log2 bucket)", P("a", readyAgoSec: 60), P("b", readyAgoSec: 3600) },
        { "more restarts first", P("a", restarts: 3), P("b", restarts: 0) },
        { "without uids, restarts decide inside one ready bucket", P("b", readyAgoSec: 3000, restarts: 2) with { Uid = null }, P("a", readyAgoSec: 3100) with { Uid = null } },
        { "newer first (different log2 bucket)", P("a", createdAgoSec: 100), P("b", createdAgoSec: 10000) },
        { "no creation time before a newer pod", P("a", createdAgoSec: null), P("b", createdAgoSec: 1) },
        { "same bucket falls back to uid order", P("z", readyAgoSec: 3000, uid: "0001"), P("y", readyAgoSec: 3100, uid: "0002") },
        { "everything equal: by name", P("a") with { Uid = null }, P("b") with { Uid = null } },
    };

    [Theory]
    [MemberData(nameof(FirstGoesFirst))]
    public void The_replicaset_ranking_deletes_the_first_pod_before_the_second(string rule, PodState first, PodState second)
    {
        Assert.True(DeletionRanking.Compare(first, 1, second, 1, Now) < 0, rule);
        Assert.True(DeletionRanking.Compare(second, 1, first, 1, Now) > 0, rule);
        var related = DeletionRanking.PodsPerNode([first, second]);
        Assert.Equal(first.Name, DeletionRanking.Victims([second, first], related, 1, Now)[0].Name);
    }

    [Fact]
    public void Pods_on_a_node_with_more_related_pods_go_first_when_cost_is_equal()
    {
        // The seed's shape after a burst: 11 pods on an ECS node, 8 on the virtual node, all ready: the real ranking
        // takes ECS pods first (11 > 8), which is why ECI-first scale-in cannot be left to the ReplicaSet.
        var ecs = Enumerable.Range(0, 11).Select(i => P($"ecs-{i}", node: "ecs-1", readyAgoSec: 3600));
        var eci = Enumerable.Range(0, 8).Select(i => P($"eci-{i}", node: "vk", readyAgoSec: 60));
        var all = ecs.Concat(eci).ToList();
        var victims = DeletionRanking.Victims(all, DeletionRanking.PodsPerNode(all), 8, Now);
        Assert.All(victims, v => Assert.Equal("ecs-1", v.NodeName));
    }

    [Fact]
    public void Deletion_cost_on_the_eci_pods_turns_the_victims_to_eci()
    {
        var ecs = Enumerable.Range(0, 11).Select(i => P($"ecs-{i}", node: "ecs-1"));
        var eci = Enumerable.Range(0, 8).Select(i => P($"eci-{i}", node: "vk", cost: -100));
        var all = ecs.Concat(eci).ToList();
        Assert.All(DeletionRanking.Victims(all, DeletionRanking.PodsPerNode(all), 8, Now), v => Assert.Equal("vk", v.NodeName));
    }

    [Fact]
    public void Colocation_counts_only_active_related_pods()
    {
        var related = new[]
        {
            P("a", node: "n1"), P("b", node: "n1"), P("gone", node: "n1") with { DeletionTimestamp = Now },
            P("done", node: "n1", phase: PodPhase.Succeeded), P("c", node: "n2"), P("pending", node: null, phase: PodPhase.Pending, ready: false),
        };
        Assert.Equal(new Dictionary<string, int> { ["n1"] = 2, ["n2"] = 1, [""] = 1 }, DeletionRanking.PodsPerNode(related));
    }

    [Theory]
    [InlineData("-100", -100)]
    [InlineData("0", 0)]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("+10", 0)]          // a plus sign is not valid (validFirstDigit)
    [InlineData("010", 0)]          // nor a leading zero
    [InlineData("2147483648", 0)]   // beyond int32
    [InlineData(" 5", 0)]
    [InlineData("cheap", 0)]
    public void The_deletion_cost_is_read_as_the_controller_reads_it(string raw, int expected) =>
        Assert.Equal(expected, DeletionRanking.DeletionCost(P("p", rawCost: raw)));

    [Fact]
    public void Readiness_is_the_ready_condition()
    {
        Assert.True(DeletionRanking.IsReady(P("r")));
        Assert.False(DeletionRanking.IsReady(P("n", ready: false)));
        Assert.False(DeletionRanking.IsReady(P("none") with { Ready = null }));
    }

    private static readonly Gen<PodState> Pod =
        from node in Gen.Int[0, 3].Select(i => new[] { null, "n1", "n2", "vk" }[i])
        from phase in Gen.Int[0, 2].Select(i => new[] { PodPhase.Pending, PodPhase.Unknown, PodPhase.Running }[i])
        from ready in Gen.Bool
        from readyAgo in Gen.Int[0, 100_000]
        from cost in Gen.Int[-3, 3]
        from restarts in Gen.Int[0, 3]
        from createdAgo in Gen.Int[0, 200_000]
        from uid in Gen.String[Gen.Char.AlphaNumeric, 4, 4]
        from withUid in Gen.Bool
        select P(uid, node, phase, ready, readyAgo, cost, restarts, createdAgo) with { Uid = withUid ? uid : null };

    [Fact]
    public void The_ranking_is_antisymmetric() =>
        Gen.Select(Pod, Pod, Gen.Int[0, 20], Gen.Int[0, 20]).Sample((a, b, ra, rb) =>
            Math.Sign(DeletionRanking.Compare(a, ra, b, rb, Now)) == -Math.Sign(DeletionRanking.Compare(b, rb, a, ra, Now)));

    [Fact]
    public void The_ranking_is_transitive() =>
        Gen.Select(Pod, Pod, Pod).Sample((a, b, c) =>
            !(DeletionRanking.Compare(a, 1, b, 1, Now) < 0 && DeletionRanking.Compare(b, 1, c, 1, Now) < 0) || DeletionRanking.Compare(a, 1, c, 1, Now) < 0);

    [Fact]
    public void The_victims_are_the_same_whatever_order_the_pods_are_listed_in() =>
        Gen.Select(Pod.List[1, 15], Gen.Int[0, 15]).Sample((pods, count) =>
        {
            var unique = pods.DistinctBy(p => p.Name).ToList();
            var perNode = DeletionRanking.PodsPerNode(unique);
            var forward = DeletionRanking.Victims(unique, perNode, count, Now).Select(p => p.Name);
            var reversed = DeletionRanking.Victims([.. Enumerable.Reverse(unique)], perNode, count, Now).Select(p => p.Name);
            return forward.SequenceEqual(reversed);
        });
}
