using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>Starts a cluster on a FakeTimeProvider with the controllers driven by the test (Settle after each step).</summary>
public static class ClusterFixture
{
    public static async Task<(SimulatedCluster Cluster, FakeTimeProvider Time)> Start(string preset = "seed", IReadOnlyList<NodePool>? pools = null,
        int eciQuota = 1000, bool tls = false)
    {
        // With TLS the certificate is stamped from this clock and kubectl checks it against the wall clock, so start at now.
        var time = new FakeTimeProvider(tls ? TimeProvider.System.GetUtcNow() : new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        var cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Sim = new SimOptions { Time = time, UseTls = tls },
            Preset = preset,
            Pools = pools ?? [],
            EciCreationsPerMinute = eciQuota,
            RunControllers = false,
        });
        cluster.Settle();
        return (cluster, time);
    }

    /// <summary>Advances the clock in one-second steps, settling the controllers at each.</summary>
    public static void Run(this SimulatedCluster c, FakeTimeProvider time, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t < span; t += TimeSpan.FromSeconds(1))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            c.Settle();
        }
    }

    public static List<JsonObject> Pods(this SimulatedCluster c, string ns) =>
        [.. c.Api.Resources.List(c.Context.Pods, ns, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.Parse())];

    public static string Phase(JsonObject pod) => (string?)pod["status"]?["phase"] ?? "";
    public static string Node(JsonObject pod) => (string?)pod["spec"]?["nodeName"] ?? "";
    public static bool OnVirtual(JsonObject pod) => Node(pod).StartsWith("virtual-kubelet", StringComparison.Ordinal);

    public static void Scale(this SimulatedCluster c, string ns, string deployment, int replicas) =>
        c.Api.Resources.Patch(c.Context.Deployments, ns, deployment, ResourceService.MergePatch, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } });
}
