using ElasticScaler.Core.Placement;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Cluster.Workloads;
using static ElasticScaler.Sim.Cluster.Tests.ClusterFixture;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>The acceptance scenario with the real kubectl against the seed preset (skipped when kubectl is absent).</summary>
public class SeedScenarioTests
{
    private const string Ns = SeedPreset.Namespace;
    private const string Message = "0/3 nodes are available: 1 node(s) had untolerated taint {virtual-kubelet.io/provider: alibabacloud}, 2 Insufficient cpu. "
        + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.";

    [SkippableFact]
    public async Task Scale_to_30_burst_to_eci_with_a_toleration_and_selector_and_back_to_22_by_the_real_ranking()
    {
        Skip.If(Kubectl.Path is null, "kubectl is not on PATH");
        var (c, time) = await Start(tls: true);
        await using var _ = c;
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        try
        {
            var kubectl = new Kubectl(c.Api.AdminKubeconfigPath, cache);
            c.Run(time, TimeSpan.FromSeconds(5));
            Assert.Contains("successfully rolled out", kubectl.Ok("rollout", "status", "deploy/wordpress", "-n", Ns, "--timeout=10s"));

            kubectl.Ok("scale", "deploy/wordpress", "-n", Ns, "--replicas=30");
            c.Settle();
            c.Run(time, TimeSpan.FromSeconds(5));
            var pods = c.Pods(Ns);
            Assert.Equal(22, pods.Count(p => Phase(p) == "Running" && !OnVirtual(p)));
            var pending = pods.Where(p => Phase(p) == "Pending").ToList();
            Assert.Equal(8, pending.Count);
            Assert.Equal(Message, kubectl.Ok("get", "pod", K8sJson.Name(pending[0]), "-n", Ns,
                "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].message}"));
            Assert.Contains("FailedScheduling", kubectl.Ok("get", "events", "-n", Ns, "--field-selector", "involvedObject.name=" + K8sJson.Name(pending[0])));

            kubectl.Ok("patch", "deploy/wordpress", "-n", Ns, "-p",
                """{"spec":{"template":{"spec":{"nodeSelector":{"type":"virtual-kubelet"},"tolerations":[{"key":"virtual-kubelet.io/provider","operator":"Exists","effect":"NoSchedule"}]}}}}""");
            c.Settle();
            c.Run(time, TimeSpan.FromSeconds(11));
            var early = c.Pods(Ns).Where(OnVirtual).ToList();
            Assert.NotEmpty(early);
            Assert.All(early, p => Assert.Equal("Pending", Phase(p)));
            for (var i = 0; i < 240 && !kubectl.Ok("get", "deploy/wordpress", "-n", Ns, "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").Contains("NewReplicaSetAvailable", StringComparison.Ordinal); i += 5)
                c.Run(time, TimeSpan.FromSeconds(5));
            Assert.Contains("successfully rolled out", kubectl.Ok("rollout", "status", "deploy/wordpress", "-n", Ns, "--timeout=10s"));
            pods = c.Pods(Ns);
            Assert.Equal(30, pods.Count);
            Assert.All(pods, p => Assert.True(OnVirtual(p) && Phase(p) == "Running"));

            // Give two pods a lower deletion cost: the ranking must take them first, then the rest by its later rules.
            foreach (var name in pods.Take(2).Select(K8sJson.Name))
                kubectl.Ok("annotate", "pod", name, "-n", Ns, "controller.kubernetes.io/pod-deletion-cost=-10");
            c.Settle();
            var ranked = c.Pods(Ns).Select(PodStates.Read).ToList();
            var expected = DeletionRanking.Victims(ranked, DeletionRanking.PodsPerNode(ranked), 8, time.GetUtcNow()).Select(v => v.Name).Order().ToList();
            Assert.Contains(K8sJson.Name(pods[0]), expected);
            Assert.Contains(K8sJson.Name(pods[1]), expected);

            kubectl.Ok("scale", "deploy/wordpress", "-n", Ns, "--replicas=22");
            c.Settle();
            var victims = c.Pods(Ns).Where(K8sJson.Deleting).Select(K8sJson.Name).Order().ToList();
            Assert.Equal(expected, victims);
            Assert.Contains("Terminating", kubectl.Ok("get", "pods", "-n", Ns));
            c.Run(time, TimeSpan.FromSeconds(3));
            Assert.Equal(22, c.Pods(Ns).Count);
            Assert.Contains("successfully rolled out", kubectl.Ok("rollout", "status", "deploy/wordpress", "-n", Ns, "--timeout=10s"));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
