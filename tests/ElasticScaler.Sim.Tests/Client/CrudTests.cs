using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Create, read, list, replace and delete of every served kind through KubernetesClient over HTTPS.</summary>
public sealed class CrudTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private async Task<string> Namespace(Kubernetes c)
    {
        var ns = "c-" + Guid.NewGuid().ToString("N")[..8];
        await c.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        return ns;
    }

    /// <summary>The same five steps for any typed kind; replace adds a label and must bump the resourceVersion.</summary>
    private static async Task Crud<T, TList>(T obj, Func<T, Task<T>> create, Func<string, Task<T>> read, Func<Task<TList>> list,
        Func<T, string, Task<T>> replace, Func<string, Task> delete)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>
    {
        var name = obj.Metadata.Name;
        var created = await create(obj);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        var got = await read(name);
        Assert.Equal(created.Metadata.Uid, got.Metadata.Uid);
        Assert.Contains((await list()).Items, i => i.Metadata.Name == name);
        got.Metadata.Labels ??= new Dictionary<string, string>();
        got.Metadata.Labels["touched"] = "yes";
        var replaced = await replace(got, name);
        Assert.Equal("yes", replaced.Metadata.Labels["touched"]);
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        await delete(name);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => read(name));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.Response.StatusCode);
    }

    [Fact]
    public async Task Every_core_kind_supports_create_read_list_replace_and_delete()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var core = c.CoreV1;
        await Crud(new V1ConfigMap { Metadata = Objects.Meta("cm"), Data = new Dictionary<string, string> { ["k"] = "v" } },
            o => core.CreateNamespacedConfigMapAsync(o, ns), n => core.ReadNamespacedConfigMapAsync(n, ns), () => core.ListNamespacedConfigMapAsync(ns),
            (o, n) => core.ReplaceNamespacedConfigMapAsync(o, n, ns), n => core.DeleteNamespacedConfigMapAsync(n, ns));
        await Crud(new V1Secret { Metadata = Objects.Meta("s"), StringData = new Dictionary<string, string> { ["k"] = "v" } },
            o => core.CreateNamespacedSecretAsync(o, ns), n => core.ReadNamespacedSecretAsync(n, ns), () => core.ListNamespacedSecretAsync(ns),
            (o, n) => core.ReplaceNamespacedSecretAsync(o, n, ns), n => core.DeleteNamespacedSecretAsync(n, ns));
        await Crud(new V1ServiceAccount { Metadata = Objects.Meta("sa") },
            o => core.CreateNamespacedServiceAccountAsync(o, ns), n => core.ReadNamespacedServiceAccountAsync(n, ns), () => core.ListNamespacedServiceAccountAsync(ns),
            (o, n) => core.ReplaceNamespacedServiceAccountAsync(o, n, ns), n => core.DeleteNamespacedServiceAccountAsync(n, ns));
        await Crud(new V1Service { Metadata = Objects.Meta("svc"), Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } },
            o => core.CreateNamespacedServiceAsync(o, ns), n => core.ReadNamespacedServiceAsync(n, ns), () => core.ListNamespacedServiceAsync(ns),
            (o, n) => core.ReplaceNamespacedServiceAsync(o, n, ns), n => core.DeleteNamespacedServiceAsync(n, ns));
        await Crud(new V1Endpoints { Metadata = Objects.Meta("svc") },
            o => core.CreateNamespacedEndpointsAsync(o, ns), n => core.ReadNamespacedEndpointsAsync(n, ns), () => core.ListNamespacedEndpointsAsync(ns),
            (o, n) => core.ReplaceNamespacedEndpointsAsync(o, n, ns), n => core.DeleteNamespacedEndpointsAsync(n, ns));
        await Crud(Objects.Pod("p"),
            o => core.CreateNamespacedPodAsync(o, ns), n => core.ReadNamespacedPodAsync(n, ns), () => core.ListNamespacedPodAsync(ns),
            (o, n) => core.ReplaceNamespacedPodAsync(o, n, ns), n => core.DeleteNamespacedPodAsync(n, ns));
        await Crud(new Corev1Event { Metadata = Objects.Meta("e1"), InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = ns }, Reason = "Test", Message = "m", Type = "Normal" },
            o => core.CreateNamespacedEventAsync(o, ns), n => core.ReadNamespacedEventAsync(n, ns), () => core.ListNamespacedEventAsync(ns),
            (o, n) => core.ReplaceNamespacedEventAsync(o, n, ns), n => core.DeleteNamespacedEventAsync(n, ns));
        await Crud(new V1Node { Metadata = Objects.Meta("crud-node") },
            o => core.CreateNodeAsync(o), n => core.ReadNodeAsync(n), () => core.ListNodeAsync(),
            (o, n) => core.ReplaceNodeAsync(o, n), n => core.DeleteNodeAsync(n));
        await Crud(new V1Namespace { Metadata = Objects.Meta("crud-ns") },
            o => core.CreateNamespaceAsync(o), n => core.ReadNamespaceAsync(n), () => core.ListNamespaceAsync(),
            (o, n) => core.ReplaceNamespaceAsync(o, n), n => core.DeleteNamespaceAsync(n));
    }

    [Fact]
    public async Task Every_apps_coordination_events_rbac_and_autoscaling_kind_supports_crud()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await Crud(Objects.Deployment("d"),
            o => c.AppsV1.CreateNamespacedDeploymentAsync(o, ns), n => c.AppsV1.ReadNamespacedDeploymentAsync(n, ns), () => c.AppsV1.ListNamespacedDeploymentAsync(ns),
            (o, n) => c.AppsV1.ReplaceNamespacedDeploymentAsync(o, n, ns), n => c.AppsV1.DeleteNamespacedDeploymentAsync(n, ns));
        var rs = new V1ReplicaSet { Metadata = Objects.Meta("rs"), Spec = new V1ReplicaSetSpec { Selector = Objects.Deployment("x").Spec.Selector, Template = Objects.Deployment("x").Spec.Template } };
        await Crud(rs,
            o => c.AppsV1.CreateNamespacedReplicaSetAsync(o, ns), n => c.AppsV1.ReadNamespacedReplicaSetAsync(n, ns), () => c.AppsV1.ListNamespacedReplicaSetAsync(ns),
            (o, n) => c.AppsV1.ReplaceNamespacedReplicaSetAsync(o, n, ns), n => c.AppsV1.DeleteNamespacedReplicaSetAsync(n, ns));
        var sts = new V1StatefulSet { Metadata = Objects.Meta("sts"), Spec = new V1StatefulSetSpec { Selector = Objects.Deployment("x").Spec.Selector, Template = Objects.Deployment("x").Spec.Template, ServiceName = "svc" } };
        await Crud(sts,
            o => c.AppsV1.CreateNamespacedStatefulSetAsync(o, ns), n => c.AppsV1.ReadNamespacedStatefulSetAsync(n, ns), () => c.AppsV1.ListNamespacedStatefulSetAsync(ns),
            (o, n) => c.AppsV1.ReplaceNamespacedStatefulSetAsync(o, n, ns), n => c.AppsV1.DeleteNamespacedStatefulSetAsync(n, ns));
        var lease = new V1Lease { Metadata = Objects.Meta("l"), Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 } };
        await Crud(lease,
            o => c.CoordinationV1.CreateNamespacedLeaseAsync(o, ns), n => c.CoordinationV1.ReadNamespacedLeaseAsync(n, ns), () => c.CoordinationV1.ListNamespacedLeaseAsync(ns),
            (o, n) => c.CoordinationV1.ReplaceNamespacedLeaseAsync(o, n, ns), n => c.CoordinationV1.DeleteNamespacedLeaseAsync(n, ns));
        var ev = new Eventsv1Event
        {
            Metadata = Objects.Meta("ev1"), EventTime = DateTime.UtcNow, ReportingController = "elastic-scaler", ReportingInstance = "i-1",
            Action = "Scale", Reason = "ScaledUp", Type = "Normal", Note = "scaled", Regarding = new V1ObjectReference { Kind = "Deployment", Name = "d", NamespaceProperty = ns },
        };
        await Crud(ev,
            o => c.EventsV1.CreateNamespacedEventAsync(o, ns), n => c.EventsV1.ReadNamespacedEventAsync(n, ns), () => c.EventsV1.ListNamespacedEventAsync(ns),
            (o, n) => c.EventsV1.ReplaceNamespacedEventAsync(o, n, ns), n => c.EventsV1.DeleteNamespacedEventAsync(n, ns));
        var hpa = new V2HorizontalPodAutoscaler
        {
            Metadata = Objects.Meta("hpa"),
            Spec = new V2HorizontalPodAutoscalerSpec { MaxReplicas = 5, ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "d" } },
        };
        await Crud(hpa,
            o => c.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(o, ns), n => c.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(n, ns),
            () => c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns),
            (o, n) => c.AutoscalingV2.ReplaceNamespacedHorizontalPodAutoscalerAsync(o, n, ns), n => c.AutoscalingV2.DeleteNamespacedHorizontalPodAutoscalerAsync(n, ns));
        var rules = new List<V1PolicyRule> { new() { ApiGroups = [""], Resources = ["pods"], Verbs = ["get"] } };
        var rbac = c.RbacAuthorizationV1;
        await Crud(new V1Role { Metadata = Objects.Meta("r"), Rules = rules },
            o => rbac.CreateNamespacedRoleAsync(o, ns), n => rbac.ReadNamespacedRoleAsync(n, ns), () => rbac.ListNamespacedRoleAsync(ns),
            (o, n) => rbac.ReplaceNamespacedRoleAsync(o, n, ns), n => rbac.DeleteNamespacedRoleAsync(n, ns));
        var roleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "r" };
        await Crud(new V1RoleBinding { Metadata = Objects.Meta("rb"), RoleRef = roleRef, Subjects = [new Rbacv1Subject { Kind = "User", Name = "u" }] },
            o => rbac.CreateNamespacedRoleBindingAsync(o, ns), n => rbac.ReadNamespacedRoleBindingAsync(n, ns), () => rbac.ListNamespacedRoleBindingAsync(ns),
            (o, n) => rbac.ReplaceNamespacedRoleBindingAsync(o, n, ns), n => rbac.DeleteNamespacedRoleBindingAsync(n, ns));
        await Crud(new V1ClusterRole { Metadata = Objects.Meta("crud-cr"), Rules = rules },
            o => rbac.CreateClusterRoleAsync(o), n => rbac.ReadClusterRoleAsync(n), () => rbac.ListClusterRoleAsync(),
            (o, n) => rbac.ReplaceClusterRoleAsync(o, n), n => rbac.DeleteClusterRoleAsync(n));
        await Crud(new V1ClusterRoleBinding { Metadata = Objects.Meta("crud-crb"), RoleRef = roleRef with { Kind = "ClusterRole", Name = "crud-cr" }, Subjects = [new Rbacv1Subject { Kind = "User", Name = "u" }] },
            o => rbac.CreateClusterRoleBindingAsync(o), n => rbac.ReadClusterRoleBindingAsync(n), () => rbac.ListClusterRoleBindingAsync(),
            (o, n) => rbac.ReplaceClusterRoleBindingAsync(o, n), n => rbac.DeleteClusterRoleBindingAsync(n));
    }

    [Fact]
    public async Task A_CRD_and_its_custom_resources_support_crud_through_the_custom_objects_api()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(SimFixture.Data("widget-crd.yaml")));
        crd.Metadata.Name = "gadgets.crud.example.com";
        crd.Spec.Group = "crud.example.com";
        crd.Spec.Names = new V1CustomResourceDefinitionNames { Kind = "Gadget", Plural = "gadgets", Singular = "gadget", ListKind = "GadgetList" };
        await Crud(crd,
            o => c.ApiextensionsV1.CreateCustomResourceDefinitionAsync(o), n => c.ApiextensionsV1.ReadCustomResourceDefinitionAsync(n),
            () => c.ApiextensionsV1.ListCustomResourceDefinitionAsync(),
            (o, n) => c.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(o, n), n => c.ApiextensionsV1.DeleteCustomResourceDefinitionAsync(n));
        crd.Metadata = new V1ObjectMeta { Name = "gadgets.crud.example.com" };
        var created = await c.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        Assert.Contains(created.Status.Conditions, x => x.Type == "Established" && x.Status == "True");
        var gadget = new Dictionary<string, object>
        {
            ["apiVersion"] = "crud.example.com/v1alpha1",
            ["kind"] = "Gadget",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "g1" },
            ["spec"] = new Dictionary<string, object> { ["target"] = "web" },
        };
        var made = (JsonElement)await c.CustomObjects.CreateNamespacedCustomObjectAsync(gadget, "crud.example.com", "v1alpha1", ns, "gadgets");
        Assert.Equal(1, made.GetProperty("spec").GetProperty("replicas").GetInt32()); // schema default
        Assert.Equal("Slow", made.GetProperty("spec").GetProperty("mode").GetString());
        var list = (JsonElement)await c.CustomObjects.ListNamespacedCustomObjectAsync("crud.example.com", "v1alpha1", ns, "gadgets");
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
        var replace = JsonSerializer.Deserialize<Dictionary<string, object>>(made.GetRawText())!;
        replace["spec"] = new Dictionary<string, object> { ["target"] = "api", ["replicas"] = 3 };
        var replaced = (JsonElement)await c.CustomObjects.ReplaceNamespacedCustomObjectAsync(replace, "crud.example.com", "v1alpha1", ns, "gadgets", "g1");
        Assert.Equal(2, replaced.GetProperty("metadata").GetProperty("generation").GetInt32());
        await c.CustomObjects.DeleteNamespacedCustomObjectAsync("crud.example.com", "v1alpha1", ns, "gadgets", "g1");
        await c.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("gadgets.crud.example.com");
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => c.CustomObjects.ListNamespacedCustomObjectAsync("crud.example.com", "v1alpha1", ns, "gadgets"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Server_metadata_is_set_on_create_and_generation_moves_only_with_the_spec()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var d = await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("gen"), ns);
        Assert.Equal(1, d.Metadata.Generation);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", d.Metadata.Uid);
        var labelled = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch), "gen", ns);
        Assert.Equal(1, labelled.Metadata.Generation);
        var scaled = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "gen", ns);
        Assert.Equal(2, scaled.Metadata.Generation);
        var status = await c.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("{\"status\":{\"replicas\":4},\"spec\":{\"replicas\":9}}", V1Patch.PatchType.MergePatch), "gen", ns);
        Assert.Equal((2L, 4, 4), (status.Metadata.Generation ?? 0, status.Spec.Replicas ?? 0, status.Status.Replicas ?? 0));
        var lease = await c.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = Objects.Meta("nogen"), Spec = new V1LeaseSpec { HolderIdentity = "x" } }, ns);
        Assert.Null(lease.Metadata.Generation);
    }

    [Fact]
    public async Task A_deployment_status_write_takes_annotations_but_not_labels_or_spec_and_never_bumps_generation()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("st"), ns);
        // As the deployment controller's UpdateStatus writes its revision annotation: the annotation lands, generation stays.
        var viaStatus = await c.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch(
            "{\"metadata\":{\"annotations\":{\"deployment.kubernetes.io/revision\":\"1\"},\"labels\":{\"app\":\"other\",\"x\":\"y\"}},\"spec\":{\"replicas\":7},\"status\":{\"observedGeneration\":1}}",
            V1Patch.PatchType.MergePatch), "st", ns);
        Assert.Equal("1", viaStatus.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, viaStatus.Metadata.Labels);
        Assert.Equal((1L, 2, 1L), (viaStatus.Metadata.Generation ?? 0, viaStatus.Spec.Replicas ?? 0, viaStatus.Status.ObservedGeneration ?? 0));
        var read = await c.AppsV1.ReadNamespacedDeploymentAsync("st", ns);
        Assert.Equal(("1", 1L), (read.Metadata.Annotations["deployment.kubernetes.io/revision"], read.Metadata.Generation ?? 0));
        // The same kind of change through the main resource bumps generation (annotations are copied to the ReplicaSets).
        var viaMain = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"metadata\":{\"annotations\":{\"team\":\"a\"}}}", V1Patch.PatchType.MergePatch), "st", ns);
        Assert.Equal(2L, viaMain.Metadata.Generation);
        // A ReplicaSet's status strategy resets only spec: labels go through /status too.
        var rs = await c.AppsV1.CreateNamespacedReplicaSetAsync(new V1ReplicaSet
        {
            Metadata = Objects.Meta("rs", labels: new Dictionary<string, string> { ["app"] = "web" }),
            Spec = new V1ReplicaSetSpec { Replicas = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, Template = Objects.Deployment("x").Spec.Template },
        }, ns);
        var rsStatus = await c.AppsV1.PatchNamespacedReplicaSetStatusAsync(new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{\"replicas\":5}}", V1Patch.PatchType.MergePatch), "rs", ns);
        Assert.Equal(("y", 1, 1L), (rsStatus.Metadata.Labels["x"], rsStatus.Spec.Replicas ?? 0, rsStatus.Metadata.Generation ?? 0));
        Assert.Equal(rs.Metadata.Uid, rsStatus.Metadata.Uid);
    }

    [Fact]
    public async Task An_elasticscaler_status_put_with_a_stale_resource_version_is_a_409_and_a_fresh_one_bumps_no_generation()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var crd = await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(
            Path.Combine(SimFixture.RepoRoot(), "deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        if ((await c.ApiextensionsV1.ListCustomResourceDefinitionAsync(fieldSelector: "metadata.name=" + crd.Metadata.Name)).Items.Count == 0)
            await c.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        const string Group = "autoscaling.elasticscaler.io", Version = "v1alpha1", Plural = "elasticscalers";
        var body = JsonNode.Parse("""{"apiVersion":"autoscaling.elasticscaler.io/v1alpha1","kind":"ElasticScaler","metadata":{"name":"es"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":10}}""")!;
        var created = JsonSerializer.SerializeToNode(await c.CustomObjects.CreateNamespacedCustomObjectAsync(body, Group, Version, ns, Plural))!;
        var fresh = created.DeepClone();
        fresh["status"] = JsonNode.Parse("""{"desiredReplicas":3}""");
        var written = JsonSerializer.SerializeToNode(await c.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(fresh, Group, Version, ns, Plural, "es"))!;
        Assert.Equal((3, 1L), ((int)written["status"]!["desiredReplicas"]!, (long)written["metadata"]!["generation"]!));
        // The controller's cached copy is now stale: its status PUT must lose, as optimistic concurrency demands.
        var stale = created.DeepClone();
        stale["status"] = JsonNode.Parse("""{"desiredReplicas":5}""");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => c.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(stale, Group, Version, ns, Plural, "es"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, e.Response.StatusCode);
        var status = JsonDocument.Parse(e.Response.Content).RootElement;
        Assert.Equal("Conflict", status.GetProperty("reason").GetString());
        Assert.StartsWith("Operation cannot be fulfilled on elasticscalers.autoscaling.elasticscaler.io \"es\": the object has been modified", status.GetProperty("message").GetString());
        var read = JsonSerializer.SerializeToNode(await c.CustomObjects.GetNamespacedCustomObjectStatusAsync(Group, Version, ns, Plural, "es"))!;
        Assert.Equal(3, (int)read["status"]!["desiredReplicas"]!);
    }
}
