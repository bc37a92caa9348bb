using CsCheck;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Objects;

/// <summary>The per-node tally kept from pod changes must always equal a fresh sum over the pods as they are now.</summary>
public sealed class NodeRequestsTests
{
    private static readonly string[] NodeNames = ["a", "b", "c"];
    private static readonly NodeState[] Nodes = [.. NodeNames.Select(n => new NodeState { Name = n }), new NodeState { Name = "idle" }];

    private static PodState Pod(string name, string? node, PodPhase phase, int milliCpu, int? gpus) => new()
    {
        Name = name, NodeName = node, Phase = phase,
        Containers =
        [
            new ContainerRequests
            {
                Name = "app",
                Requests = gpus is { } g
                    ? new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse($"{milliCpu}m"), ["nvidia.com/gpu"] = Quantity.Parse($"{g}") }
                    : new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse($"{milliCpu}m") },
            },
        ],
    };

    // One step: pod slot i becomes this pod, or goes away (null).
    private static readonly Gen<(int Slot, PodState? Pod)> Step =
        from slot in Gen.Int[0, 7]
        from gone in Gen.Int[0, 4]
        from node in Gen.Int[-1, NodeNames.Length - 1]
        from phase in Gen.Enum<PodPhase>()
        from cpu in Gen.Int[0, 4000]
        from gpu in Gen.Int[-1, 2]
        select (slot, gone == 0 ? null : Pod($"p{slot}", node < 0 ? null : NodeNames[node], phase, cpu, gpu < 0 ? null : gpu));

    [Fact]
    public void The_tally_kept_from_changes_equals_a_fresh_sum_after_every_change()
    {
        Step.Array[1, 40].Sample(steps =>
        {
            var tally = new NodeRequests();
            var pods = new Dictionary<int, PodState>();
            foreach (var (slot, pod) in steps)
            {
                tally.Replace(pods.GetValueOrDefault(slot), pod);
                if (pod is null) pods.Remove(slot);
                else pods[slot] = pod;
                var kept = tally.ApplyTo(Nodes);
                var fresh = FreshSum(pods.Values);
                foreach (var node in kept)
                {
                    var (count, requested) = fresh.GetValueOrDefault(node.Name, (0, new Dictionary<string, decimal>()));
                    if (node.PodCount != count) return false;
                    if (node.Requested.Count != requested.Count) return false;
                    if (requested.Any(r => !node.Requested.TryGetValue(r.Key, out var q) || q.Value != r.Value)) return false;
                }
            }
            return true;
        });
    }

    [Fact]
    public void A_status_change_that_leaves_what_a_pod_asks_where_it_is_does_not_move_the_version()
    {
        var tally = new NodeRequests();
        tally.Add(Pod("web", "a", PodPhase.Pending, 500, null));
        var before = tally.Version;

        tally.Replace(Pod("web", "a", PodPhase.Pending, 500, null), Pod("web", "a", PodPhase.Running, 500, null));
        Assert.Equal(before, tally.Version);

        tally.Replace(Pod("web", "a", PodPhase.Running, 500, null), Pod("web", "a", PodPhase.Succeeded, 500, null));
        Assert.NotEqual(before, tally.Version);
        Assert.Equal(0, tally.ApplyTo(Nodes)[0].PodCount);
    }

    [Fact]
    public void A_node_whose_last_pod_went_keeps_the_requests_it_came_with_and_a_resource_leaves_with_its_last_pod()
    {
        var own = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("100m") };
        NodeState[] nodes = [new NodeState { Name = "a", Requested = own }];
        var tally = new NodeRequests();
        var gpuPod = Pod("train", "a", PodPhase.Running, 1000, 1);
        var webPod = Pod("web", "a", PodPhase.Running, 500, null);
        tally.Add(gpuPod);
        tally.Add(webPod);
        Assert.Equal(Quantity.Parse("1"), tally.ApplyTo(nodes)[0].Requested["nvidia.com/gpu"]);

        tally.Remove(gpuPod);
        var afterGpu = tally.ApplyTo(nodes)[0];
        Assert.Equal((1, Quantity.Parse("500m"), false), (afterGpu.PodCount, afterGpu.Requested["cpu"], afterGpu.Requested.ContainsKey("nvidia.com/gpu")));

        tally.Remove(webPod);
        Assert.Same(own, tally.ApplyTo(nodes)[0].Requested);
    }

    private static Dictionary<string, (int Count, Dictionary<string, decimal> Requested)> FreshSum(IEnumerable<PodState> pods)
    {
        var sums = new Dictionary<string, (int Count, Dictionary<string, decimal> Requested)>();
        foreach (var pod in pods)
        {
            if (pod.NodeName is null || pod.Phase is PodPhase.Succeeded or PodPhase.Failed) continue;
            var (count, requested) = sums.GetValueOrDefault(pod.NodeName, (0, new Dictionary<string, decimal>()));
            foreach (var (resource, q) in pod.Containers[0].Requests) requested[resource] = requested.GetValueOrDefault(resource) + q.Value;
            sums[pod.NodeName] = (count + 1, requested);
        }
        return sums;
    }
}
