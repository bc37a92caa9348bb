using CsCheck;
using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Cluster.Scheduling;
using ElasticScaler.Sim.Cluster.Workloads;

namespace ElasticScaler.Sim.Cluster.Tests;

public class PropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<RankedPod> Pod =
        from node in Gen.Int[0, 3].Select(i => new[] { "", "n1", "n2", "vk" }[i])
        from phase in Gen.Int[0, 2].Select(i => new[] { "Pending", "Unknown", "Running" }[i])
        from ready in Gen.Bool
        from readyAgo in Gen.Int[0, 100_000]
        from cost in Gen.Int[-3, 3]
        from restarts in Gen.Int[0, 3]
        from createdAgo in Gen.Int[0, 200_000]
        from uid in Gen.String[Gen.Char.AlphaNumeric, 4, 4]
        select new RankedPod(uid, uid, node, phase, ready, ready ? Now.AddSeconds(-readyAgo) : null, cost, restarts, Now.AddSeconds(-createdAgo));

    [Fact]
    public void The_ranking_is_antisymmetric_so_victims_do_not_depend_on_input_order() =>
        Gen.Select(Pod, Pod, Gen.Int[0, 20], Gen.Int[0, 20]).Sample((a, b, ra, rb) =>
            Math.Sign(PodRanking.Compare(a, ra, b, rb, Now)) == -Math.Sign(PodRanking.Compare(b, rb, a, ra, Now)));

    [Fact]
    public void The_victims_are_the_same_set_whatever_order_the_pods_are_listed_in() =>
        Gen.Select(Pod.List[1, 15], Gen.Int[0, 15]).Sample((pods, count) =>
        {
            var unique = pods.DistinctBy(p => p.Uid).ToList();
            var forward = PodRanking.Victims(unique, unique, count, Now).Select(p => p.Uid).Order();
            var reversed = PodRanking.Victims([.. Enumerable.Reverse(unique)], unique, count, Now).Select(p => p.Uid).Order();
            return forward.SequenceEqual(reversed);
        });

    private static readonly Gen<NodeFacts> Node =
        from name in Gen.String[Gen.Char.AlphaNumeric, 3, 3]
        from cpu in Gen.Long[1000, 8000]
        from used in Gen.Long[0, 8000]
        from pods in Gen.Int[1, 10]
        from usedPods in Gen.Int[0, 10]
        from tainted in Gen.Bool
        from cordoned in Gen.Int[0, 9]
        select new NodeFacts(name, tainted ? new Dictionary<string, string> { ["type"] = "virtual-kubelet" } : [],
            tainted ? [new Taint(AckLabels.VirtualKubeletTaintKey, "alibabacloud", "NoSchedule")] : [], cordoned == 0, tainted,
            new Resources(cpu, 16L << 30), pods, new Resources(used, 0), new Resources(used, 0), usedPods);

    [Fact]
    public void A_pod_is_bound_only_to_a_node_it_fits_and_unschedulable_only_when_none_fits() =>
        Gen.Select(Node.List[1, 6], Gen.Long[0, 3000], Gen.Bool).Sample((nodes, cpu, tolerate) =>
        {
            var unique = nodes.DistinctBy(n => n.Name).ToList();
            var pod = new PodFacts("ns", "p", new Resources(cpu, 0), new Resources(Math.Max(cpu, 100), 200L << 20), new Dictionary<string, string>(), null, [],
                tolerate ? [new Toleration(AckLabels.VirtualKubeletTaintKey, "Exists", "", "")] : [], false);
            var r = Scheduler.Decide(pod, unique);
            var fitting = unique.Where(n => Scheduler.Filter(pod, n).Failures.Count == 0).Select(n => n.Name).ToList();
            return r.Node is { } chosen ? fitting.Contains(chosen) : fitting.Count == 0 && r.Message!.StartsWith($"0/{unique.Count} nodes are available: ", StringComparison.Ordinal);
        });
}
