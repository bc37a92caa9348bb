using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class AckLabelsTests
{
    [Fact]
    public void The_values_are_the_ones_ack_documents()
    {
        // Pinned because a typo here sends no pod to ECI and fails nowhere else.
        Assert.Equal(("type", "virtual-kubelet"), (AckLabels.VirtualNodeLabel, AckLabels.VirtualNodeValue));
        Assert.Equal(("virtual-kubelet.io/provider", "alibabacloud"), (AckLabels.VirtualKubeletTaintKey, AckLabels.VirtualKubeletTaintValue));
        Assert.Equal(("alibabacloud.com/eci", "eci", "true"), (AckLabels.EciLabel, AckLabels.EciLabelOld, AckLabels.EciLabelValue));
        Assert.Equal(("elasticscaler.io/pool", "eci", "ecs"), (AckLabels.PoolLabel, AckLabels.PoolEci, AckLabels.PoolEcs));
    }

    public static TheoryData<string, Dictionary<string, string>, bool> NodeLabels => new()
    {
        { "type=virtual-kubelet", new() { ["type"] = "virtual-kubelet" }, true },
        { "another type", new() { ["type"] = "ecs" }, false },
        { "the value under another key", new() { ["kind"] = "virtual-kubelet" }, false },
        { "no labels", new(), false },
    };

    [Theory]
    [MemberData(nameof(NodeLabels))]
    public void A_node_is_virtual_only_with_the_type_label(string rule, Dictionary<string, string> labels, bool expected) =>
        Assert.True(AckLabels.IsVirtualNode(labels) == expected, rule);

    public static TheoryData<string, Dictionary<string, string>, bool> PodLabels => new()
    {
        { "alibabacloud.com/eci=true", new() { ["alibabacloud.com/eci"] = "true" }, true },
        { "the older eci=true", new() { ["eci"] = "true" }, true },
        { "alibabacloud.com/eci=false", new() { ["alibabacloud.com/eci"] = "false" }, false },
        { "the value is case-sensitive", new() { ["alibabacloud.com/eci"] = "True" }, false },
        { "our pool label is not ACK's rule", new() { ["elasticscaler.io/pool"] = "eci" }, false },
    };

    [Theory]
    [MemberData(nameof(PodLabels))]
    public void Acks_label_rule_sends_a_pod_to_eci(string rule, Dictionary<string, string> labels, bool expected) =>
        Assert.True(AckLabels.RequestsEci(labels) == expected, rule);

    [Fact]
    public void The_planner_counts_an_unbound_pod_with_the_older_eci_label_as_eci()
    {
        var pod = Pod("old-label", null, ready: false) with { Labels = new Dictionary<string, string> { ["eci"] = "true" } };
        var plan = Plan(1, [pod], [Ecs("ecs-1"), VirtualNode()], EcsFirst());
        Assert.Equal((0, 1), (plan.EcsReplicas, plan.EciReplicas));
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void The_twin_is_named_after_the_target()
    {
        Assert.Equal("web-eci", TwinNames.For("web"));
        Assert.Throws<ArgumentException>(() => TwinNames.For(""));
    }

    [Fact]
    public void A_node_state_is_virtual_by_the_same_rule()
    {
        Assert.True(VirtualNode().IsVirtual);
        Assert.False(new NodeState { Name = "n", Labels = new Dictionary<string, string> { ["type"] = "ecs" } }.IsVirtual);
    }
}
