using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Cluster.Scheduling;

namespace ElasticScaler.Sim.Cluster.Tests;

public class SchedulerTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    private static NodeFacts Node(string name, long cpu = 4000, long usedCpu = 0, int pods = 110, int usedPods = 0, bool @virtual = false,
        bool unschedulable = false, Dictionary<string, string>? labels = null, long mem = 16L << 30) =>
        new(name, labels ?? (@virtual ? new() { ["type"] = "virtual-kubelet" } : NoLabels),
            @virtual ? [new Taint(AckLabels.VirtualKubeletTaintKey, "alibabacloud", "NoSchedule")] : [],
            unschedulable, @virtual, new Resources(cpu, mem), pods, new Resources(usedCpu, 0), new Resources(usedCpu, 0), usedPods);

    private static PodFacts Pod(long cpu = 500, long mem = 0, Dictionary<string, string>? selector = null, IReadOnlyList<Toleration>? tolerations = null,
        IReadOnlyList<NodeSelectorTerm>? required = null, IReadOnlyList<(int, NodeSelectorTerm)>? preferred = null, bool eci = false) =>
        new("ns", "p", new Resources(cpu, mem), new Resources(cpu, mem), selector ?? NoLabels, required, preferred ?? [], tolerations ?? [], eci);

    private static readonly Toleration VirtualToleration = new(AckLabels.VirtualKubeletTaintKey, "Exists", "", "");

    [Fact]
    public void A_pod_that_fits_nowhere_gets_the_real_message_with_taint_and_insufficient_cpu_sorted_and_the_preemption_part()
    {
        var nodes = new[] { Node("a", usedCpu: 3800), Node("b", usedCpu: 3900), Node("c", usedCpu: 3700), Node("vk", @virtual: true) };
        var r = Scheduler.Decide(Pod(), nodes);
        Assert.False(r.Scheduled);
        Assert.Equal("0/4 nodes are available: 1 node(s) had untolerated taint {virtual-kubelet.io/provider: alibabacloud}, 3 Insufficient cpu. "
            + "preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.", r.Message);
    }

    [Theory]
    [InlineData("cordoned", "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")]
    [InlineData("selector", "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")]
    [InlineData("pods", "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")]
    [InlineData("memory", "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")]
    public void Each_filter_rejects_with_its_own_reason(string why, string message)
    {
        var node = why switch
        {
            "cordoned" => Node("a", unschedulable: true),
            "pods" => Node("a", pods: 3, usedPods: 3),
            _ => Node("a", mem: 1L << 30),
        };
        var pod = why switch
        {
            "selector" => Pod(selector: new() { ["disk"] = "ssd" }),
            "memory" => Pod(mem: 2L << 30),
            _ => Pod(),
        };
        Assert.Equal(message, Scheduler.Decide(pod, [node]).Message);
    }

    [Fact]
    public void A_node_short_of_cpu_and_memory_counts_under_both_reasons()
    {
        var r = Scheduler.Decide(Pod(cpu: 5000, mem: 32L << 30), [Node("a")]);
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.", r.Message);
    }

    [Fact]
    public void The_taint_blocks_until_tolerated_and_a_selector_then_picks_the_virtual_node()
    {
        var nodes = new[] { Node("a", usedCpu: 3800), Node("vk", @virtual: true) };
        Assert.False(Scheduler.Decide(Pod(), nodes).Scheduled);
        var pod = Pod(selector: new() { ["type"] = "virtual-kubelet" }, tolerations: [VirtualToleration]);
        Assert.Equal("vk", Scheduler.Decide(pod, nodes).Node);
    }

    [Theory]
    [InlineData("virtual-kubelet.io/provider", "Exists", "", "", true)]
    [InlineData("virtual-kubelet.io/provider", "Equal", "alibabacloud", "NoSchedule", true)]
    [InlineData("virtual-kubelet.io/provider", "Equal", "aws", "", false)]
    [InlineData("virtual-kubelet.io/provider", "Exists", "", "NoExecute", false)]
    [InlineData("", "Exists", "", "", true)]
    [InlineData("other", "Exists", "", "", false)]
    public void Tolerations_match_taints_by_key_operator_value_and_effect(string key, string op, string value, string effect, bool tolerated) =>
        Assert.Equal(tolerated, new Toleration(key, op, value, effect).Tolerates(new Taint("virtual-kubelet.io/provider", "alibabacloud", "NoSchedule")));

    [Fact]
    public void The_eci_label_sends_a_pod_to_the_virtual_node_whatever_its_selector_says()
    {
        var nodes = new[] { Node("a", labels: new() { ["disk"] = "ssd" }), Node("vk", @virtual: true) };
        var pod = Pod(selector: new() { ["disk"] = "ssd" }, eci: true);
        Assert.Equal("vk", Scheduler.Decide(pod, nodes).Node);
    }

    [Theory]
    [InlineData("alibabacloud.com/eci", "true", "", "", true)]
    [InlineData("eci", "true", "", "", true)]
    [InlineData("", "", "alibabacloud.com/eci", "true", true)]
    [InlineData("alibabacloud.com/eci", "false", "", "", false)]
    [InlineData("app", "web", "team", "a", false)]
    public void The_eci_rule_reads_the_pod_label_or_the_namespace_label(string podKey, string podValue, string nsKey, string nsValue, bool applies)
    {
        var pod = podKey.Length > 0 ? new Dictionary<string, string> { [podKey] = podValue } : [];
        var ns = nsKey.Length > 0 ? new Dictionary<string, string> { [nsKey] = nsValue } : [];
        Assert.Equal(applies, EciRule.Applies(pod, ns));
    }

    [Fact]
    public void Least_allocated_prefers_the_emptier_node()
    {
        var nodes = new[] { Node("a", usedCpu: 3000), Node("b", usedCpu: 1000), Node("c", usedCpu: 2000) };
        Assert.Equal("b", Scheduler.Decide(Pod(), nodes).Node);
    }

    [Fact]
    public void Preferred_affinity_outweighs_a_small_difference_in_free_cpu()
    {
        var zoneK = new NodeSelectorTerm([("zone", "In", ["k"])], []);
        var nodes = new[] { Node("a", usedCpu: 1000, labels: new() { ["zone"] = "k" }), Node("b", usedCpu: 0, labels: new() { ["zone"] = "j" }) };
        Assert.Equal("b", Scheduler.Decide(Pod(), nodes).Node);
        Assert.Equal("a", Scheduler.Decide(Pod(preferred: [(50, zoneK)]), nodes).Node);
    }

    [Theory]
    [InlineData("In", "k", true)]
    [InlineData("NotIn", "k", false)]
    [InlineData("Exists", "", true)]
    [InlineData("DoesNotExist", "", false)]
    public void Required_node_affinity_filters_by_expression(string op, string value, bool fits)
    {
        var term = new NodeSelectorTerm([("zone", op, value.Length > 0 ? [value] : [])], []);
        var r = Scheduler.Decide(Pod(required: [term]), [Node("a", labels: new() { ["zone"] = "k" })]);
        Assert.Equal(fits, r.Scheduled);
    }

    [Fact]
    public void Gt_and_Lt_compare_integers()
    {
        var node = Node("a", labels: new() { ["cores"] = "8" });
        Assert.True(Scheduler.Decide(Pod(required: [new NodeSelectorTerm([("cores", "Gt", ["4"])], [])]), [node]).Scheduled);
        Assert.False(Scheduler.Decide(Pod(required: [new NodeSelectorTerm([("cores", "Lt", ["4"])], [])]), [node]).Scheduled);
    }
}
