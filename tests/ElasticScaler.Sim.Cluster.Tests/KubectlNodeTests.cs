using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>kubectl cordon, drain and uncordon against a cluster whose controllers run in the background on the system clock.</summary>
public class KubectlNodeTests
{
    [SkippableFact]
    public async Task Kubectl_drain_evicts_the_pods_and_their_deployment_recreates_them_on_the_other_node()
    {
        Skip.If(Kubectl.Path is null, "kubectl is not on PATH");
        await using var c = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Pools = [new NodePool { Name = "np", Count = 2, CpuMillis = 8000 }],
            // Real time here (kubectl drain waits for the pods to go), so no start-up delay keeps the test short.
            Kubelet = new KubeletTiming { EcsStartupDelay = TimeSpan.Zero, Jitter = 0, ShutdownDuration = TimeSpan.FromMilliseconds(200) },
        });
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        try
        {
            var kubectl = new Kubectl(c.Api.AdminKubeconfigPath, cache);
            c.Api.Resources.Create(c.Context.Deployments, "default", ClusterTests.Deployment("web", 4, eci: false));
            kubectl.Ok("rollout", "status", "deploy/web", "--timeout=30s");
            var nodes = kubectl.Ok("get", "nodes", "-o", "name").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, nodes.Length);
            var drained = nodes[0]["node/".Length..];
            Assert.Contains("evicted", kubectl.Ok("drain", drained, "--timeout=30s", "--ignore-daemonsets"));
            Assert.Contains("SchedulingDisabled", kubectl.Ok("get", "node", drained));
            kubectl.Ok("rollout", "status", "deploy/web", "--timeout=30s");
            var placed = kubectl.Ok("get", "pods", "-o", "jsonpath={.items[*].spec.nodeName}").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, placed.Length);
            Assert.DoesNotContain(drained, placed);
            kubectl.Ok("uncordon", drained);
            var node = JsonNode.Parse(kubectl.Ok("get", "node", drained, "-o", "json"))!;
            Assert.Null(node["spec"]?["unschedulable"]);
            Assert.Equal(0, c.FailedPasses);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
