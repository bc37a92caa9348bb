using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class EcsCapacityTests
{
    public sealed record Case(string Name, NodeState Node, int Fits, EcsPoolSpec? Ecs = null, PodTemplateRequirements? Template = null)
    {
        public override string ToString() => Name;
    }

    private static readonly Dictionary<string, string> PoolA = new() { ["pool"] = "a" };

    public static TheoryData<Case> Cases =>
    [
        new("an empty 4-cpu node takes 4 one-cpu pods", Ecs("n", cpu: "4"), 4),
        new("cpu already requested is subtracted", Ecs("n", cpu: "4", usedCpu: "2500m"), 1),
        new("memory can be the tighter resource", Ecs("n", cpu: "8", memory: "3Gi"), 3),
        new("allocatable pods minus pods bound caps it", Ecs("n", cpu: "8", pods: 10, podCount: 8), 2),
        new("a full node takes none", Ecs("n", cpu: "4", usedCpu: "4"), 0),
        new("an overcommitted node takes none, not a negative number", Ecs("n", cpu: "4", usedCpu: "5"), 0),
        new("a virtual node is not ECS", VirtualNode(), 0),
        new("a cordoned node takes none", Ecs("n", cordoned: true), 0),
        new("a not-ready node takes none", Ecs("n", ready: false), 0),
        new("a node outside ecs.nodeSelector takes none", Ecs("n"), 0, new EcsPoolSpec { NodeSelector = PoolA }),
        new("a node inside ecs.nodeSelector counts", Ecs("n", labels: PoolA), 4, new EcsPoolSpec { NodeSelector = PoolA }),
        new("the template's own nodeSelector applies too", Ecs("n"), 0, null, OneCpu with { NodeSelector = PoolA }),
        new("a NoSchedule taint not tolerated blocks", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoSchedule")]), 0),
        new("a NoExecute taint not tolerated blocks", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoExecute")]), 0),
        new("a PreferNoSchedule taint does not block", Ecs("n", taints: [new Taint("dedicated", "gpu", "PreferNoSchedule")]), 4),
        new("an Equal toleration with the same value tolerates", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoSchedule")]), 4, null,
            OneCpu with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Equal", Value = "gpu", Effect = "NoSchedule" }] }),
        new("an Equal toleration with another value does not", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoSchedule")]), 0, null,
            OneCpu with { Tolerations = [new Toleration { Key = "dedicated", Value = "web" }] }),
        new("an Exists toleration ignores the value", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoSchedule")]), 4, null,
            OneCpu with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Exists" }] }),
        new("a toleration for another effect does not", Ecs("n", taints: [new Taint("dedicated", "gpu", "NoSchedule")]), 0, null,
            OneCpu with { Tolerations = [new Toleration { Key = "dedicated", Operator = "Exists", Effect = "NoExecute" }] }),
        new("an empty key with Exists tolerates everything", Ecs("n", taints: [new Taint("a", "b", "NoSchedule"), new Taint("c", null, "NoExecute")]), 4, null,
            OneCpu with { Tolerations = [new Toleration { Operator = "Exists" }] }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Free_slots_follow_requests_pods_selectors_and_taints(Case c) =>
        Assert.Equal(c.Fits, EcsCapacity.FreeSlots([c.Node], c.Template ?? OneCpu, c.Ecs));

    [Fact]
    public void Free_slots_add_up_over_nodes()
    {
        Assert.Equal(4 + 1 + 0, EcsCapacity.FreeSlots([Ecs("a"), Ecs("b", usedCpu: "3"), VirtualNode()], OneCpu, null));
    }
}
