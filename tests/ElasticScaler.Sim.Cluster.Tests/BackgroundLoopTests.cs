using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster.Nodes;
using ElasticScaler.Sim.Cluster.Presets;
using Microsoft.Extensions.Time.Testing;
using static ElasticScaler.Sim.Cluster.Tests.ClusterFixture;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>The controllers as the CLI runs them: a background loop woken by store changes and by ticks of the cluster's clock.</summary>
public class BackgroundLoopTests
{
    /// <summary>Waits (bounded, real time) for the loop to reach a state; the loop reacts to store events, not to this polling.</summary>
    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(50);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task The_loop_schedules_on_store_changes_and_starts_pods_when_the_clock_moves()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        await using var c = await SimulatedCluster.StartAsync(new ClusterOptions { Sim = new SimOptions { Time = time, UseTls = false }, Preset = "seed" });
        // Bound and admitted by the kubelet (startTime set) without the clock moving: store events drive the loop.
        await Eventually(() => c.Pods(SeedPreset.Namespace).Count(p => Node(p).Length > 0 && p["status"]?["startTime"] is not null) == 22,
            "22 pods bound and admitted without the clock moving");
        Assert.All(c.Pods(SeedPreset.Namespace), p => Assert.Equal("Pending", Phase(p)));
        time.Advance(TimeSpan.FromSeconds(4));
        await Eventually(() => c.Pods(SeedPreset.Namespace).All(p => Phase(p) == "Running"), "all Running once 4 s passed");
        c.Scale(SeedPreset.Namespace, SeedPreset.Deployment, 30);
        await Eventually(() => c.Pods(SeedPreset.Namespace).Count(p => K8sJson.Condition(p, "PodScheduled")?["reason"]?.ToString() == "Unschedulable") == 8,
            "8 pods Unschedulable after the scale");
        Assert.Equal(0, c.FailedPasses);
    }

    [Fact]
    public async Task Node_leases_and_ready_heartbeats_are_renewed_on_the_cluster_clock()
    {
        var (c, time) = await Start();
        await using var _ = c;
        var node = K8sJson.Name(c.Context.List(c.Context.Nodes)[0]);
        string Renew() => (string)c.Api.Resources.Get(c.Context.Leases, NodeController.LeaseNamespace, node)["spec"]!["renewTime"]!;
        string Heartbeat() => (string)K8sJson.Condition(c.Api.Resources.Get(c.Context.Nodes, "", node), "Ready")!["lastHeartbeatTime"]!;
        var (lease0, beat0) = (Renew(), Heartbeat());
        c.Run(time, TimeSpan.FromSeconds(10));
        Assert.NotEqual(lease0, Renew());
        Assert.Equal(beat0, Heartbeat());
        c.Run(time, TimeSpan.FromSeconds(50));
        Assert.NotEqual(beat0, Heartbeat());
        Assert.Equal("True", (string?)K8sJson.Condition(c.Api.Resources.Get(c.Context.Nodes, "", node), "Ready")!["status"]);
    }

    [Fact]
    public async Task A_persisted_seed_cluster_restarts_with_the_same_nodes_and_pods()
    {
        var dir = Directory.CreateTempSubdirectory("sim-cluster-persist-").FullName;
        try
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
            ClusterOptions Options() => new() { Sim = new SimOptions { Time = time, UseTls = false, Directory = dir, Persist = true }, Preset = "seed", RunControllers = false };
            string[] nodes;
            await using (var first = await SimulatedCluster.StartAsync(Options()))
            {
                first.Settle();
                first.Run(time, TimeSpan.FromSeconds(5));
                nodes = [.. first.Context.List(first.Context.Nodes).Select(K8sJson.Name).Order()];
            }
            await using var second = await SimulatedCluster.StartAsync(Options());
            second.Settle();
            Assert.Equal(nodes, second.Context.List(second.Context.Nodes).Select(K8sJson.Name).Order());
            Assert.Equal(22, second.Pods(SeedPreset.Namespace).Count(p => Phase(p) == "Running"));
            Assert.Equal(3, second.Nodes.AdoptExisting(SeedPreset.Pools));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_pod_with_an_unreadable_request_stays_pending_naming_the_field_and_others_still_schedule()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        await using var c = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Sim = new SimOptions { Time = time, UseTls = false },
            Pools = [new NodePool { Name = "np" }],
        });
        c.Api.Resources.Create(c.Context.Pods, "default", (JsonObject)JsonNode.Parse("""{"metadata":{"name":"bad"},"spec":{"containers":[{"name":"a","image":"x","resources":{"requests":{"cpu":"lots"}}}]}}""")!);
        await Eventually(() => K8sJson.Condition(c.Api.Resources.Get(c.Context.Pods, "default", "bad"), "PodScheduled")?["message"]?.ToString()
            ?.Contains("spec.containers[].resources.requests.cpu", StringComparison.Ordinal) == true, "the bad pod stays Pending naming the field");
        c.Api.Resources.Create(c.Context.Pods, "default", (JsonObject)JsonNode.Parse("""{"metadata":{"name":"ok"},"spec":{"containers":[{"name":"a","image":"x"}]}}""")!);
        await Eventually(() => Node(c.Api.Resources.Get(c.Context.Pods, "default", "ok")).Length > 0, "a later pod is still bound");
        Assert.Equal(0, c.FailedPasses);
    }
}
