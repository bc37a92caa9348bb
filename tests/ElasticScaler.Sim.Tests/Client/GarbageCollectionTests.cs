using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Deletion with ownerReferences (background, foreground, orphan) and finalizers.</summary>
public sealed class GarbageCollectionTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private async Task<(Kubernetes C, string Ns, V1Deployment D, V1ReplicaSet Rs, V1Pod Pod)> Chain(string? podFinalizer = null)
    {
        var c = fx.Admin();
        var ns = "gc-" + Guid.NewGuid().ToString("N")[..8];
        await c.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        var d = await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), ns);
        var template = Objects.Deployment("web").Spec;
        var rs = await c.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = new V1ObjectMeta { Name = "web-1", OwnerReferences = [Objects.Owner(d, "apps/v1", "Deployment")] },
            Spec = new V1ReplicaSetSpec { Selector = template.Selector, Template = template.Template },
        }, ns);
        var pod = Objects.Pod("web-1-a");
        pod.Metadata.OwnerReferences = [Objects.Owner(rs, "apps/v1", "ReplicaSet")];
        if (podFinalizer is not null)
            pod.Metadata.Finalizers = [podFinalizer];
        var p = await c.CoreV1.CreateNamespacedPodAsync(pod, ns);
        return (c, ns, d, rs, p);
    }

    private static async Task<bool> Exists(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    [Fact]
    public async Task Background_deletion_removes_the_owner_then_its_dependents_down_the_chain()
    {
        var (c, ns, _, _, _) = await Chain();
        using var _c = c;
        await c.AppsV1.DeleteNamespacedDeploymentAsync("web", ns);
        Assert.False(await Exists(() => c.AppsV1.ReadNamespacedReplicaSetAsync("web-1", ns)));
        Assert.False(await Exists(() => c.CoreV1.ReadNamespacedPodAsync("web-1-a", ns)));
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_blocking_dependents_are_gone()
    {
        var (c, ns, _, _, _) = await Chain(podFinalizer: "example.com/hold");
        using var _c = c;
        await c.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Foreground");
        var held = await c.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        Assert.Contains("foregroundDeletion", held.Metadata.Finalizers);
        var pod = await c.CoreV1.ReadNamespacedPodAsync("web-1-a", ns);
        Assert.NotNull(pod.Metadata.DeletionTimestamp);
        await c.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "web-1-a", ns);
        Assert.False(await Exists(() => c.CoreV1.ReadNamespacedPodAsync("web-1-a", ns)));
        Assert.False(await Exists(() => c.AppsV1.ReadNamespacedReplicaSetAsync("web-1", ns)));
        Assert.False(await Exists(() => c.AppsV1.ReadNamespacedDeploymentAsync("web", ns)));
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_drops_their_owner_reference()
    {
        var (c, ns, _, _, _) = await Chain();
        using var _c = c;
        await c.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Orphan");
        Assert.False(await Exists(() => c.AppsV1.ReadNamespacedDeploymentAsync("web", ns)));
        var rs = await c.AppsV1.ReadNamespacedReplicaSetAsync("web-1", ns);
        Assert.Null(rs.Metadata.OwnerReferences);
        Assert.True(await Exists(() => c.CoreV1.ReadNamespacedPodAsync("web-1-a", ns)));
    }

    [Fact]
    public async Task A_finalizer_holds_a_deleted_object_until_it_is_removed()
    {
        using var c = fx.Admin();
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held-" + Guid.NewGuid().ToString("N")[..6], Finalizers = ["example.com/keep"] } };
        await c.CoreV1.CreateNamespacedConfigMapAsync(cm, "default");
        await c.CoreV1.DeleteNamespacedConfigMapAsync(cm.Metadata.Name, "default");
        var held = await c.CoreV1.ReadNamespacedConfigMapAsync(cm.Metadata.Name, "default");
        Assert.NotNull(held.Metadata.DeletionTimestamp);
        held.Metadata.Finalizers = [];
        await c.CoreV1.ReplaceNamespacedConfigMapAsync(held, cm.Metadata.Name, "default");
        Assert.False(await Exists(() => c.CoreV1.ReadNamespacedConfigMapAsync(cm.Metadata.Name, "default")));
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_it_contains()
    {
        var (c, ns, _, _, _) = await Chain();
        using var _c = c;
        await c.CoreV1.DeleteNamespaceAsync(ns);
        Assert.Empty((await c.AppsV1.ListDeploymentForAllNamespacesAsync(fieldSelector: "metadata.namespace=" + ns)).Items);
        Assert.Empty((await c.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "metadata.namespace=" + ns)).Items);
    }

    [Theory]
    [InlineData("node-1", null, null, 30L)]
    [InlineData("node-1", 5L, null, 5L)]
    [InlineData("node-1", 5L, 0L, 0L)]
    [InlineData(null, 5L, null, 0L)]
    public async Task A_held_pod_deletion_is_stamped_with_the_pods_grace_period(string? nodeName, long? podGrace, long? requestGrace, long expected)
    {
        using var c = fx.Admin();
        var pod = Objects.Pod("grace-" + Guid.NewGuid().ToString("N")[..6], nodeName: nodeName);
        pod.Metadata.Finalizers = ["example.com/hold"];
        pod.Spec.TerminationGracePeriodSeconds = podGrace;
        await c.CoreV1.CreateNamespacedPodAsync(pod, "default");
        await c.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, "default", gracePeriodSeconds: (int?)requestGrace);
        var held = await c.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
        Assert.Equal(expected, held.Metadata.DeletionGracePeriodSeconds);
        await c.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), pod.Metadata.Name, "default");
    }

    [Fact]
    public async Task A_dependent_written_for_an_owner_that_no_longer_exists_is_collected()
    {
        using var c = fx.Admin();
        var pod = Objects.Pod("dangling-" + Guid.NewGuid().ToString("N")[..6]);
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "gone", Uid = Guid.NewGuid().ToString(), Controller = true }];
        var created = await c.CoreV1.CreateNamespacedPodAsync(pod, "default");
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(await Exists(() => c.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")));
    }
}
