using CsCheck;
using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Cluster.Scheduling;

namespace ElasticScaler.Sim.Cluster.Tests;

public class PropertyTests
{
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
