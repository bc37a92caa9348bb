using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster.Kubelet;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Semantics;
using static ElasticScaler.Sim.Cluster.Tests.ClusterFixture;

namespace ElasticScaler.Sim.Cluster.Tests;

public class ClusterTests
{
    private const string Ns = SeedPreset.Namespace;

    [Fact]
    public async Task The_seed_runs_22_wordpress_pods_on_ecs_after_the_start_up_delay_and_not_before()
    {
        var (c, time) = await Start();
        await using var _ = c;
        var pods = c.Pods(Ns);
        Assert.Equal(22, pods.Count);
        Assert.All(pods, p => Assert.False(OnVirtual(p)));
        Assert.All(pods, p => Assert.Equal("Pending", Phase(p)));
        c.Run(time, TimeSpan.FromSeconds(2));
        Assert.All(c.Pods(Ns), p => Assert.Equal("Pending", Phase(p)));
        c.Run(time, TimeSpan.FromSeconds(2));
        pods = c.Pods(Ns);
        Assert.All(pods, p => Assert.Equal("Running", Phase(p)));
        Assert.All(pods, p => Assert.True(K8sJson.IsTrue(p, "Ready")));
        Assert.Equal(11, pods.Count(p => Node(p) == pods[0]["spec"]!["nodeName"]!.ToString()));
        var d = c.Api.Resources.Get(c.Context.Deployments, Ns, SeedPreset.Deployment);
        Assert.Equal(22, (int)d["status"]!["availableReplicas"]!);
        var ep = c.Api.Resources.Get(c.Api.Resources.Type("", "v1", "endpoints"), Ns, SeedPreset.Deployment);
        Assert.Equal(22, ep["subsets"]![0]!["addresses"]!.AsArray().Count);
        Assert.Equal(80, (int)ep["subsets"]![0]!["ports"]![0]!["port"]!);
        Assert.Equal("NewReplicaSetAvailable", (string?)K8sJson.Condition(d, "Progressing")!["reason"]);
        Assert.Equal("True", (string?)K8sJson.Condition(d, "Available")!["status"]);
    }

    [Fact]
    public async Task Scaling_to_30_leaves_8_pending_with_the_real_message_the_eci_label_starts_them_after_15_s_and_scale_in_takes_ecs_pods_by_rank()
    {
        var (c, time) = await Start();
        await using var _ = c;
        c.Run(time, TimeSpan.FromSeconds(5));
        c.Scale(Ns, SeedPreset.Deployment, 30);
        c.Settle();
        c.Run(time, TimeSpan.FromSeconds(5));
        var pending = c.Pods(Ns).Where(p => Node(p) == "").ToList();
        Assert.Equal(8, pending.Count);
        Assert.Equal(22, c.Pods(Ns).Count(p => Phase(p) == "Running" && !OnVirtual(p)));
        var cond = K8sJson.Condition(pending[0], "PodScheduled")!;
        Assert.Equal("Unschedulable", (string?)cond["reason"]);
        Assert.Equal("0/3 nodes are available: 1 node(s) had untolerated taint {virtual-kubelet.io/provider: alibabacloud}, 2 Insufficient cpu. "
            + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.", (string?)cond["message"]);

        // Label the namespace for ECI: the pending pods are retried at once and land on the virtual node.
        c.Api.Resources.Patch(c.Context.Namespaces, "", Ns, ResourceService.MergePatch, JsonNode.Parse("""{"metadata":{"labels":{"alibabacloud.com/eci":"true"}}}""")!);
        c.Settle();
        var eci = c.Pods(Ns).Where(OnVirtual).ToList();
        Assert.Equal(8, eci.Count);
        c.Run(time, TimeSpan.FromSeconds(11));
        Assert.All(c.Pods(Ns).Where(OnVirtual), p => Assert.Equal("Pending", Phase(p)));
        c.Run(time, TimeSpan.FromSeconds(8));
        Assert.All(c.Pods(Ns).Where(OnVirtual), p => Assert.Equal("Running", Phase(p)));
        Assert.True(c.Cost.Totals.EciCost > 0);

        // Back to 22: all pods are Running and Ready with cost 0, so rank 5 decides: 11 related pods on each ECS node
        // against 8 on the virtual node, and the real ReplicaSet controller deletes ECS pods, keeping the ECI ones.
        c.Scale(Ns, SeedPreset.Deployment, 22);
        c.Settle();
        var victims = c.Pods(Ns).Where(K8sJson.Deleting).ToList();
        Assert.Equal(8, victims.Count);
        Assert.All(victims, p => Assert.False(OnVirtual(p)));
        c.Run(time, TimeSpan.FromSeconds(3));
        Assert.Equal(8, c.Pods(Ns).Count(OnVirtual));
        Assert.Equal(14, c.Pods(Ns).Count(p => !OnVirtual(p)));
    }

    [Fact]
    public async Task Over_the_eci_quota_pods_wait_pending_with_the_provider_reason_until_the_minute_passes()
    {
        var (c, time) = await Start(preset: "empty", pools: [NodePool.Virtual()], eciQuota: 5);
        await using var _ = c;
        c.Api.Resources.Create(c.Context.Deployments, "default", Deployment("burst", 8, eci: true));
        c.Settle();
        var pods = c.Pods("default");
        Assert.Equal(8, pods.Count);
        Assert.All(pods, p => Assert.True(OnVirtual(p)));
        Assert.Equal(5, pods.Count(p => p["status"]?["startTime"] is not null));
        var waiting = pods.Where(p => p["status"]?["startTime"] is null).ToList();
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, p => Assert.Equal("ProviderCreateFailed", (string?)p["status"]!["reason"]));
        c.Run(time, TimeSpan.FromSeconds(61));
        Assert.Equal(8, c.Pods("default").Count(p => p["status"]?["startTime"] is not null));
    }

    [Fact]
    public async Task A_rolling_update_keeps_the_availability_floor_and_ends_on_the_new_replica_set()
    {
        var pool = new NodePool { Name = "np", Count = 2, CpuMillis = 16000 };
        var (c, time) = await Start(preset: "empty", pools: [pool]);
        await using var _ = c;
        c.Api.Resources.Create(c.Context.Deployments, "default", Deployment("web", 8, eci: false));
        c.Run(time, TimeSpan.FromSeconds(5));
        c.Api.Resources.Patch(c.Context.Deployments, "default", "web", ResourceService.StrategicPatch,
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"nginx:1.28"}]}}}}""")!);
        var minReady = int.MaxValue;
        var maxPods = 0;
        for (var i = 0; i < 40; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            c.Settle();
            var active = c.Pods("default").Where(p => !K8sJson.Deleting(p)).ToList();
            minReady = Math.Min(minReady, active.Count(p => K8sJson.IsTrue(p, "Ready")));
            maxPods = Math.Max(maxPods, active.Count);
        }
        // 8 replicas, 25%/25%: at most 8 + 2 pods, at least 8 - 2 ready.
        Assert.True(minReady >= 6, $"ready fell to {minReady}");
        Assert.True(maxPods <= 10, $"{maxPods} pods at once");
        var pods = c.Pods("default");
        Assert.Equal(8, pods.Count);
        Assert.All(pods, p => Assert.Equal("nginx:1.28", (string?)p["spec"]!["containers"]![0]!["image"]));
        var d = c.Api.Resources.Get(c.Context.Deployments, "default", "web");
        Assert.Equal(8, (int)d["status"]!["updatedReplicas"]!);
        Assert.Equal("NewReplicaSetAvailable", (string?)K8sJson.Condition(d, "Progressing")!["reason"]);
        Assert.Equal("2", (string?)d["metadata"]!["annotations"]![Workloads.DeploymentController.RevisionAnnotation]);
    }

    [Fact]
    public async Task Deleted_pods_terminate_gracefully_and_drain_moves_them_to_another_node()
    {
        var pool = new NodePool { Name = "np", Count = 2, CpuMillis = 16000 };
        var (c, time) = await Start(preset: "empty", pools: [pool]);
        await using var _ = c;
        c.Api.Resources.Create(c.Context.Deployments, "default", Deployment("web", 4, eci: false));
        c.Run(time, TimeSpan.FromSeconds(5));
        var victimNode = Node(c.Pods("default")[0]);
        var moved = c.Nodes.Drain(victimNode);
        Assert.True(moved > 0);
        var terminating = c.Pods("default").Where(K8sJson.Deleting).ToList();
        Assert.Equal(moved, terminating.Count);
        Assert.All(terminating, p => Assert.Equal(30L, (long)p["metadata"]!["deletionGracePeriodSeconds"]!));
        Assert.All(terminating, p => Assert.Contains(KubeletController.Finalizer, p["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f)));
        c.Run(time, TimeSpan.FromSeconds(5));
        var pods = c.Pods("default");
        Assert.Equal(4, pods.Count);
        Assert.All(pods, p => Assert.NotEqual(victimNode, Node(p)));
        Assert.All(pods, p => Assert.Equal("Running", Phase(p)));

        // Removing the other node leaves nowhere to run: the pods go and their replacements wait Pending.
        var other = Node(pods[0]);
        c.Nodes.Remove(other);
        c.Settle();
        Assert.All(c.Pods("default"), p => Assert.Equal("", Node(p)));
        c.Nodes.Cordon(victimNode, unschedulable: false);
        c.Settle();
        Assert.All(c.Pods("default"), p => Assert.Equal(victimNode, Node(p)));
    }

    [Fact]
    public async Task A_statefulset_creates_pods_in_order_and_removes_the_highest_first()
    {
        var pool = new NodePool { Name = "np", Count = 1, CpuMillis = 16000 };
        var (c, time) = await Start(preset: "empty", pools: [pool]);
        await using var _ = c;
        var sts = Deployment("db", 3, eci: false);
        sts["spec"]!.AsObject().Remove("strategy");
        sts["spec"]!["serviceName"] = "db";
        c.Api.Resources.Create(c.Context.StatefulSets, "default", sts);
        c.Settle();
        Assert.Equal(["db-0"], c.Pods("default").Select(K8sJson.Name));
        c.Run(time, TimeSpan.FromSeconds(4));
        Assert.Equal(["db-0", "db-1"], c.Pods("default").Select(K8sJson.Name).Order());
        c.Run(time, TimeSpan.FromSeconds(8));
        Assert.Equal(["db-0", "db-1", "db-2"], c.Pods("default").Select(K8sJson.Name).Order());
        c.Api.Resources.Patch(c.Context.StatefulSets, "default", "db", ResourceService.MergePatch, JsonNode.Parse("""{"spec":{"replicas":1}}""")!);
        c.Settle();
        Assert.Equal(["db-2"], c.Pods("default").Where(K8sJson.Deleting).Select(K8sJson.Name));
        c.Run(time, TimeSpan.FromSeconds(1));
        Assert.Equal(["db-0", "db-1"], c.Pods("default").Select(K8sJson.Name).Order());
        Assert.Equal(["db-1"], c.Pods("default").Where(K8sJson.Deleting).Select(K8sJson.Name));
        c.Run(time, TimeSpan.FromSeconds(2));
        Assert.Equal(["db-0"], c.Pods("default").Select(K8sJson.Name));
    }

    [Fact]
    public async Task A_deployment_stuck_pending_exceeds_its_progress_deadline_and_progresses_again_when_capacity_comes()
    {
        var pool = new NodePool { Name = "np", Count = 1, CpuMillis = 2000 };
        var (c, time) = await Start(preset: "empty", pools: [pool]);
        await using var _ = c;
        var d = Deployment("web", 6, eci: false);
        d["spec"]!["progressDeadlineSeconds"] = 60;
        c.Api.Resources.Create(c.Context.Deployments, "default", d);
        c.Run(time, TimeSpan.FromSeconds(5));
        Assert.Equal(4, c.Pods("default").Count(p => Phase(p) == "Running"));
        string Progressing() => (string)K8sJson.Condition(c.Api.Resources.Get(c.Context.Deployments, "default", "web"), "Progressing")!["reason"]!;
        Assert.Equal("ReplicaSetUpdated", Progressing());
        c.Run(time, TimeSpan.FromSeconds(50));
        Assert.Equal("ReplicaSetUpdated", Progressing());
        c.Run(time, TimeSpan.FromSeconds(15));
        Assert.Equal("ProgressDeadlineExceeded", Progressing());
        Assert.Equal("False", (string?)K8sJson.Condition(c.Api.Resources.Get(c.Context.Deployments, "default", "web"), "Progressing")!["status"]);
        c.Nodes.AddNodes(pool, 1);
        c.Run(time, TimeSpan.FromSeconds(5));
        Assert.Equal("NewReplicaSetAvailable", Progressing());
    }

    public static JsonObject Deployment(string name, int replicas, bool eci) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate" },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["labels"] = eci ? new JsonObject { ["app"] = name, ["alibabacloud.com/eci"] = "true" } : new JsonObject { ["app"] = name },
                },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = "nginx:1.27",
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" } },
                    }),
                },
            },
        },
    };
}
