using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>
/// The workload controllers as a client of the API sees them (KubernetesClient over HTTP, controllers settled on a
/// FakeTimeProvider): Deployment generation and revision, and the "twin" design, where a target workload and its ECI
/// twin have overlapping selectors and must neither count nor steal each other's ReplicaSets and pods.
/// </summary>
public class WorkloadApiTests
{
    private const string Ns = "shop";
    private const string Revision = "deployment.kubernetes.io/revision";
    private static readonly NodePool Ecs = new() { Name = "np", Count = 1, CpuMillis = 16000 };

    private static async Task<(SimulatedCluster C, FakeTimeProvider Time, Kubernetes Client)> Start()
    {
        var (c, time) = await ClusterFixture.Start(preset: "empty", pools: [Ecs, NodePool.Virtual()]);
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(c.Api.AdminKubeconfigPath));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        return (c, time, client);
    }

    [Fact]
    public async Task A_deployment_stays_at_generation_1_with_revision_1_and_moves_with_its_template_and_its_scale()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(Target(3), Ns);
        c.Run(time, TimeSpan.FromSeconds(5));
        var d = await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns);
        // The controller wrote the revision through /status: a real server keeps generation 1 after create.
        Assert.Equal((1L, 1L, "1", 3), (d.Metadata.Generation ?? 0, d.Status.ObservedGeneration ?? 0, d.Metadata.Annotations[Revision], d.Status.AvailableReplicas ?? 0));

        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"wordpress:6.7"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "wordpress", Ns);
        c.Run(time, TimeSpan.FromSeconds(20));
        d = await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns);
        Assert.Equal((2L, 2L, "2", 3), (d.Metadata.Generation ?? 0, d.Status.ObservedGeneration ?? 0, d.Metadata.Annotations[Revision], d.Status.UpdatedReplicas ?? 0));
        var sets = (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns)).Items;
        Assert.Equal(["1", "2"], sets.Select(s => s.Metadata.Annotations[Revision]).Order());

        // kubectl scale sends this merge patch to /scale. It changes spec.replicas, and the Deployment strategy bumps
        // generation for any spec change, so generation moves although the revision does not.
        var scale = await client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "wordpress", Ns);
        Assert.Equal(5, scale.Spec.Replicas);
        c.Run(time, TimeSpan.FromSeconds(5));
        d = await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns);
        Assert.Equal((3L, 3L, "2", 5), (d.Metadata.Generation ?? 0, d.Status.ObservedGeneration ?? 0, d.Metadata.Annotations[Revision], d.Status.AvailableReplicas ?? 0));
        Assert.Equal(2, (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns)).Items.Count);
    }

    [SkippableFact]
    public async Task Kubectl_scale_bumps_a_deployments_generation_once_and_the_controller_observes_it()
    {
        Skip.If(Kubectl.Path is null, "kubectl is not on PATH");
        var (c, time) = await ClusterFixture.Start(preset: "empty", pools: [Ecs], tls: true);
        await using var _ = c;
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        try
        {
            var kubectl = new Kubectl(c.Api.AdminKubeconfigPath, cache);
            c.Api.Resources.Create(c.Context.Deployments, "default", ClusterTests.Deployment("web", 2, eci: false));
            c.Run(time, TimeSpan.FromSeconds(5));
            const string Fields = "jsonpath={.metadata.generation} {.status.observedGeneration} {.metadata.annotations.deployment\\.kubernetes\\.io/revision}";
            Assert.Equal("1 1 1", kubectl.Ok("get", "deploy", "web", "-o", Fields));
            Assert.Equal("deployment.apps/web scaled", kubectl.Ok("scale", "deploy/web", "--replicas=4").Trim());
            c.Run(time, TimeSpan.FromSeconds(5));
            Assert.Equal("2 2 1", kubectl.Ok("get", "deploy", "web", "-o", Fields));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task A_deployment_and_its_eci_twin_with_overlapping_selectors_keep_to_their_own_replica_sets_and_pods()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "wordpress-es" } }, Ns);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Target(4), Ns);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Twin(2, owner), Ns);
        c.Run(time, TimeSpan.FromSeconds(25));
        var before = await Check(client, target: 4, twin: 2);

        // Scaling either one up and down never touches the other's pods.
        foreach (var (name, replicas) in new[] { ("wordpress", 7), ("wordpress", 3), ("wordpress-eci", 5), ("wordpress-eci", 1) })
        {
            await client.AppsV1.PatchNamespacedDeploymentScaleAsync(ReplicasPatch(replicas), name, Ns);
            c.Run(time, TimeSpan.FromSeconds(25));
            var now = await Check(client, target: name == "wordpress" ? replicas : before.Target.Count, twin: name == "wordpress" ? before.Twin.Count : replicas);
            var untouched = name == "wordpress" ? (before.Twin, now.Twin) : (before.Target, now.Target);
            Assert.Equal(untouched.Item1, untouched.Item2);
            before = now;
        }

        // Rolling the twin's template makes it a second ReplicaSet of the twin; the target keeps its one set and its pods.
        var targetGeneration = (await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns)).Metadata.Generation;
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"wordpress:6.7"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "wordpress-eci", Ns);
        c.Run(time, TimeSpan.FromSeconds(40));
        var rolled = await Check(client, target: 3, twin: 1);
        Assert.Equal(before.Target, rolled.Target);
        Assert.NotEqual(before.Twin, rolled.Twin);
        var sets = (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns)).Items;
        Assert.Equal(["1", "2"], sets.Where(s => Controller(s) == "wordpress-eci").Select(s => s.Metadata.Annotations[Revision]).Order());
        Assert.Equal(["1"], sets.Where(s => Controller(s) == "wordpress").Select(s => s.Metadata.Annotations[Revision]));
        var twinPod = (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "elasticscaler.io/pool=eci")).Items.Single();
        Assert.Equal("wordpress:6.7", twinPod.Spec.Containers[0].Image);
        Assert.Equal(targetGeneration, (await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns)).Metadata.Generation);

        // Deleting the twin's owner collects the twin, its ReplicaSets and its pods, and nothing of the target.
        await client.CoreV1.DeleteNamespacedConfigMapAsync("wordpress-es", Ns);
        c.Run(time, TimeSpan.FromSeconds(5));
        Assert.Equal(["wordpress"], (await client.AppsV1.ListNamespacedDeploymentAsync(Ns)).Items.Select(x => x.Metadata.Name));
        var left = (await client.CoreV1.ListNamespacedPodAsync(Ns)).Items;
        Assert.Equal(rolled.Target, left.Select(p => p.Metadata.Uid).Order().ToList());
        Assert.Equal(0, c.FailedPasses);
    }

    [Fact]
    public async Task A_twin_deleted_with_orphan_propagation_leaves_its_replica_set_to_the_target_which_adopts_and_scales_it_away()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "wordpress-es" } }, Ns);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Target(2), Ns);
        await client.AppsV1.CreateNamespacedDeploymentAsync(Twin(2, owner), Ns);
        c.Run(time, TimeSpan.FromSeconds(25));
        var before = await Check(client, target: 2, twin: 2);
        var twinSet = (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns)).Items.Single(s => Controller(s) == "wordpress-eci");

        // The orphaned set carries app=wordpress, which the target's selector matches: a real deployment controller
        // adopts it as an old ReplicaSet and scales it to 0. The twin's pods go; the target's stay.
        await client.AppsV1.DeleteNamespacedDeploymentAsync("wordpress-eci", Ns, propagationPolicy: "Orphan");
        c.Run(time, TimeSpan.FromSeconds(5));
        var adopted = await client.AppsV1.ReadNamespacedReplicaSetAsync(twinSet.Metadata.Name, Ns);
        Assert.Equal(("wordpress", 0), (Controller(adopted), adopted.Spec.Replicas ?? -1));
        var pods = (await client.CoreV1.ListNamespacedPodAsync(Ns)).Items;
        Assert.Equal(before.Target, pods.Select(p => p.Metadata.Uid).Order().ToList());
        var d = await client.AppsV1.ReadNamespacedDeploymentAsync("wordpress", Ns);
        Assert.Equal((2, 2), (d.Status.Replicas ?? 0, d.Status.AvailableReplicas ?? 0));
        Assert.Equal(0, c.FailedPasses);
    }

    [Fact]
    public async Task A_statefulset_and_its_eci_twin_keep_to_their_own_pods_and_an_orphaned_twin_pod_is_adopted_only_by_its_own_name()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        await client.AppsV1.CreateNamespacedStatefulSetAsync(TargetSet(2), Ns);
        await client.AppsV1.CreateNamespacedStatefulSetAsync(TwinSet(1), Ns);
        c.Run(time, TimeSpan.FromSeconds(30));
        async Task<(List<V1Pod> Db, List<V1Pod> Twin)> Sets(int db, int twin)
        {
            var pods = (await client.CoreV1.ListNamespacedPodAsync(Ns)).Items;
            var sets = (await client.AppsV1.ListNamespacedStatefulSetAsync(Ns)).Items.ToDictionary(s => s.Metadata.Name);
            var mine = pods.Where(p => p.Metadata.DeletionTimestamp is null).GroupBy(p => ControllerUid(p) ?? "").ToDictionary(g => g.Key, g => g.OrderBy(p => p.Metadata.Name).ToList());
            var dbPods = mine.GetValueOrDefault(sets["db"].Metadata.Uid) ?? [];
            var twinPods = mine.GetValueOrDefault(sets["db-eci"].Metadata.Uid) ?? [];
            Assert.Equal(Enumerable.Range(0, db).Select(i => $"db-{i}"), dbPods.Select(p => p.Metadata.Name));
            Assert.Equal(Enumerable.Range(0, twin).Select(i => $"db-eci-{i}"), twinPods.Select(p => p.Metadata.Name));
            Assert.All(dbPods, p => Assert.False(p.Spec.NodeName.StartsWith("virtual-kubelet", StringComparison.Ordinal)));
            Assert.All(twinPods, p => Assert.StartsWith("virtual-kubelet", p.Spec.NodeName));
            Assert.Equal((db, db), (sets["db"].Status.Replicas, sets["db"].Status.ReadyReplicas ?? 0));
            Assert.Equal((twin, twin), (sets["db-eci"].Status.Replicas, sets["db-eci"].Status.ReadyReplicas ?? 0));
            return (dbPods, twinPods);
        }
        var before = await Sets(2, 1);
        foreach (var (name, replicas) in new[] { ("db", 4), ("db", 1), ("db-eci", 3), ("db-eci", 2) })
        {
            await client.AppsV1.PatchNamespacedStatefulSetScaleAsync(ReplicasPatch(replicas), name, Ns);
            c.Run(time, TimeSpan.FromSeconds(60));
            var now = await Sets(name == "db" ? replicas : before.Db.Count, name == "db" ? before.Twin.Count : replicas);
            var (was, @is) = name == "db" ? (before.Twin, now.Twin) : (before.Db, now.Db);
            Assert.Equal(was.Select(p => p.Metadata.Uid), @is.Select(p => p.Metadata.Uid));
            before = now;
        }

        // Orphaned, the twin's pods carry app=db, but "db" claims only pods named db-N; a new db-eci adopts them back.
        await client.AppsV1.DeleteNamespacedStatefulSetAsync("db-eci", Ns, propagationPolicy: "Orphan");
        c.Run(time, TimeSpan.FromSeconds(3));
        var orphans = (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "elasticscaler.io/pool=eci")).Items;
        Assert.Equal(2, orphans.Count);
        Assert.All(orphans, p => Assert.Null(ControllerUid(p)));
        Assert.Equal(1, (await client.AppsV1.ReadNamespacedStatefulSetAsync("db", Ns)).Status.Replicas);
        await client.AppsV1.CreateNamespacedStatefulSetAsync(TwinSet(2), Ns);
        c.Run(time, TimeSpan.FromSeconds(3));
        var back = await Sets(1, 2);
        Assert.Equal(before.Twin.Select(p => p.Metadata.Uid), back.Twin.Select(p => p.Metadata.Uid));
        Assert.Equal(0, c.FailedPasses);
    }

    /// <summary>
    /// Checks ownership and counts of the two Deployments: every ReplicaSet is controlled by exactly one of them, every
    /// active pod by a ReplicaSet of one of them, target pods on ECS and twin pods on the virtual node, and each status
    /// counting only its own pods. Returns the uids of each side's active pods.
    /// </summary>
    private static async Task<(List<string> Target, List<string> Twin)> Check(Kubernetes client, int target, int twin)
    {
        var deployments = (await client.AppsV1.ListNamespacedDeploymentAsync(Ns)).Items.ToDictionary(d => d.Metadata.Name);
        var sets = (await client.AppsV1.ListNamespacedReplicaSetAsync(Ns)).Items;
        var pods = (await client.CoreV1.ListNamespacedPodAsync(Ns)).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        Assert.All(sets, s => Assert.Contains(Controller(s), (string[])["wordpress", "wordpress-eci"]));
        var setOwner = sets.ToDictionary(s => s.Metadata.Uid, Controller);
        Assert.All(pods, p => Assert.True(ControllerUid(p) is { } u && setOwner.ContainsKey(u), $"pod {p.Metadata.Name} is not controlled by a ReplicaSet of ours"));
        var side = pods.ToLookup(p => setOwner[ControllerUid(p)!]);
        Assert.Equal(target, side["wordpress"].Count());
        Assert.Equal(twin, side["wordpress-eci"].Count());
        Assert.All(side["wordpress"], p => Assert.False(p.Spec.NodeName.StartsWith("virtual-kubelet", StringComparison.Ordinal), $"{p.Metadata.Name} on {p.Spec.NodeName}"));
        Assert.All(side["wordpress-eci"], p => Assert.StartsWith("virtual-kubelet", p.Spec.NodeName));
        Assert.All(side["wordpress-eci"], p => Assert.Equal("eci", p.Metadata.Labels["elasticscaler.io/pool"]));
        foreach (var (name, want) in new[] { ("wordpress", target), ("wordpress-eci", twin) })
        {
            var s = deployments[name].Status;
            Assert.Equal((want, want, want), (s.Replicas ?? 0, s.ReadyReplicas ?? 0, s.AvailableReplicas ?? 0));
            Assert.Equal(deployments[name].Metadata.Generation, s.ObservedGeneration);
        }
        return ([.. side["wordpress"].Select(p => p.Metadata.Uid).Order()], [.. side["wordpress-eci"].Select(p => p.Metadata.Uid).Order()]);
    }

    private static V1Patch ReplicasPatch(int replicas) => new($"{{\"spec\":{{\"replicas\":{replicas}}}}}", V1Patch.PatchType.MergePatch);

    private static string? ControllerUid(IMetadata<V1ObjectMeta> o) => o.Metadata.OwnerReferences?.SingleOrDefault(r => r.Controller == true)?.Uid;

    private static string? Controller(V1ReplicaSet s) => s.Metadata.OwnerReferences?.SingleOrDefault(r => r.Controller == true)?.Name;

    private static V1PodTemplateSpec Template(IDictionary<string, string> labels, bool eci) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container
            {
                Name = "app",
                Image = "wordpress:6.6",
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("512Mi") } },
            }],
            NodeSelector = eci ? new Dictionary<string, string> { ["type"] = "virtual-kubelet" } : null,
            Tolerations = eci ? [new V1Toleration { Key = "virtual-kubelet.io/provider", OperatorProperty = "Exists", Effect = "NoSchedule" }] : null,
        },
    };

    private static Dictionary<string, string> TwinLabels(string app, bool withEciLabel) => withEciLabel
        ? new() { ["app"] = app, ["elasticscaler.io/pool"] = "eci", ["alibabacloud.com/eci"] = "true" }
        : new() { ["app"] = app, ["elasticscaler.io/pool"] = "eci" };

    private static V1Deployment Target(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "wordpress" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "wordpress" } },
            Template = Template(new Dictionary<string, string> { ["app"] = "wordpress" }, eci: false),
        },
    };

    private static V1Deployment Twin(int replicas, V1ConfigMap owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "wordpress-eci",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = TwinLabels("wordpress", withEciLabel: false) },
            Template = Template(TwinLabels("wordpress", withEciLabel: true), eci: true),
        },
    };

    private static V1StatefulSet TargetSet(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "db" },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = "db",
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } },
            Template = Template(new Dictionary<string, string> { ["app"] = "db" }, eci: false),
        },
    };

    private static V1StatefulSet TwinSet(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "db-eci" },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = "db",
            Selector = new V1LabelSelector { MatchLabels = TwinLabels("db", withEciLabel: false) },
            Template = Template(TwinLabels("db", withEciLabel: true), eci: true),
        },
    };
}
