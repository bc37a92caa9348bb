using ElasticScaler.Demo.Watch;
using k8s.Models;

namespace ElasticScaler.Demo.Tests.Watch;

/// <summary>Where a pod stands, by its node (ACK's virtual node is ECI), phase, Ready condition and deletion.</summary>
public sealed class PodCensusTests
{
    private static readonly HashSet<string> Virtual = ["virtual-kubelet-cn-hangzhou-k"];

    private static V1Pod Pod(string? node, string phase = "Running", bool ready = true, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", DeletionTimestamp = deleting ? DateTime.UtcNow : null },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase, Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    public static TheoryData<string, V1Pod, PodPlace> Places => new()
    {
        { "Ready on an ECS node", Pod("cn-hangzhou.192.168.0.12"), PodPlace.EcsReady },
        { "Ready on the virtual node", Pod("virtual-kubelet-cn-hangzhou-k"), PodPlace.EciReady },
        { "scheduled, container creating", Pod("virtual-kubelet-cn-hangzhou-k", "Pending", ready: false), PodPlace.Starting },
        { "running, not ready yet", Pod("cn-hangzhou.192.168.0.12", ready: false), PodPlace.Starting },
        { "not scheduled", Pod(null, "Pending", ready: false), PodPlace.Pending },
        { "being deleted", Pod("virtual-kubelet-cn-hangzhou-k", deleting: true), PodPlace.Terminating },
    };

    [Theory]
    [MemberData(nameof(Places))]
    public void A_pod_is_placed_by_its_node_phase_readiness_and_deletion(string name, V1Pod pod, PodPlace place) =>
        Assert.True(place == PodCensus.PlaceOf(pod, Virtual), name);

    [Fact]
    public void The_virtual_nodes_are_those_with_ACKs_label()
    {
        V1Node Node(string name, string? type) => new() { Metadata = new V1ObjectMeta { Name = name, Labels = type is null ? null : new Dictionary<string, string> { ["type"] = type } } };

        var found = PodCensus.VirtualNodes([Node("ecs-1", null), Node("vk", "virtual-kubelet"), Node("other", "gpu")]);

        Assert.Equal(["vk"], found);
    }
}
