using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Optimistic concurrency, validation with causes, every patch type, scale, selectors and 403, through KubernetesClient.</summary>
public sealed class SemanticsTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private async Task<string> Namespace(Kubernetes c)
    {
        var ns = "s-" + Guid.NewGuid().ToString("N")[..8];
        await c.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        return ns;
    }

    private static JsonElement Status(HttpOperationException e) => JsonDocument.Parse(e.Response.Content).RootElement;

    [Fact]
    public async Task A_replace_with_a_stale_resource_version_is_a_409_conflict_with_the_real_message()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var first = await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), ns);
        await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", ns);
        first.Spec.Replicas = 9;
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => c.AppsV1.ReplaceNamespacedDeploymentAsync(first, "web", ns));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        var s = Status(e);
        Assert.Equal("Conflict", s.GetProperty("reason").GetString());
        Assert.Equal("Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again",
            s.GetProperty("message").GetString());
        var dup = await Assert.ThrowsAsync<HttpOperationException>(() => c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), ns));
        Assert.Equal(("AlreadyExists", "deployments.apps \"web\" already exists"), (Status(dup).GetProperty("reason").GetString(), Status(dup).GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_lease_replace_without_a_resource_version_is_invalid_and_a_put_may_create_it()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var lease = new V1Lease { Metadata = Objects.Meta("l"), Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 5 } };
        var created = await c.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", ns);
        Assert.Equal("a", created.Spec.HolderIdentity);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => c.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", ns));
        Assert.Equal((HttpStatusCode)422, e.Response.StatusCode);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", Status(e).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"spec\":{\"replicas\":-1}}", "spec.replicas", "FieldValueInvalid", "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{\"metadata\":{\"labels\":{\"bad key!\":\"x\"}}}", "metadata.labels", "FieldValueInvalid", "Invalid value: \"bad key!\": name part must consist of alphanumeric characters")]
    [InlineData("{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"other\"}}}}", "spec.selector", "FieldValueInvalid", "field is immutable")]
    public async Task An_invalid_update_is_a_422_with_a_cause_naming_the_field(string patch, string field, string reason, string message)
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), ns);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() =>
            c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "web", ns));
        Assert.Equal((HttpStatusCode)422, e.Response.StatusCode);
        var s = Status(e);
        Assert.Equal("Invalid", s.GetProperty("reason").GetString());
        Assert.StartsWith("Deployment.apps \"web\" is invalid: ", s.GetProperty("message").GetString());
        var causes = s.GetProperty("details").GetProperty("causes").EnumerateArray().ToList();
        Assert.Contains(causes, x => x.GetProperty("field").GetString() == field && x.GetProperty("reason").GetString() == reason &&
            x.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_patch_type_changes_the_deployment_as_its_rules_say()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var d = Objects.Deployment("web");
        d.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "2" }];
        await c.AppsV1.CreateNamespacedDeploymentAsync(d, ns);
        var merged = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":3}}", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(3, merged.Spec.Replicas);
        var json = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":2},{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"p\"}]", V1Patch.PatchType.JsonPatch), "web", ns);
        Assert.Equal((2, "p"), (json.Spec.Replicas ?? 0, json.Metadata.Labels["j"]));
        var smp = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"env\":[{\"name\":\"B\",\"$patch\":\"delete\"},{\"name\":\"C\",\"value\":\"3\"}]}]}}}}";
        var strategic = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(smp, V1Patch.PatchType.StrategicMergePatch), "web", ns);
        Assert.Equal(["A", "C"], strategic.Spec.Template.Spec.Containers[0].Env.Select(e => e.Name));
        Assert.Equal("nginx:1.27", strategic.Spec.Template.Spec.Containers[0].Image);
        var apply = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":5}}";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() =>
            c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(apply, V1Patch.PatchType.ApplyPatch), "web", ns, fieldManager: "ci"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.StartsWith("Apply failed with 1 conflict: conflict with \"", Status(conflict).GetProperty("message").GetString());
        Assert.EndsWith(": .spec.replicas", Status(conflict).GetProperty("message").GetString());
        var forced = await c.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(apply, V1Patch.PatchType.ApplyPatch), "web", ns, fieldManager: "ci", force: true);
        Assert.Equal(5, forced.Spec.Replicas);
        Assert.Contains(forced.Metadata.ManagedFields, m => m.Manager == "ci" && m.Operation == "Apply");
    }

    [Fact]
    public async Task Server_side_apply_creates_the_object_and_removes_fields_the_manager_stops_applying()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var first = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\",\"labels\":{\"a\":\"1\",\"b\":\"2\"}},\"data\":{\"x\":\"1\"}}";
        var created = await c.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(first, V1Patch.PatchType.ApplyPatch), "cfg", ns, fieldManager: "tool");
        Assert.Equal("1", created.Data["x"]);
        var second = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\",\"labels\":{\"a\":\"1\"}},\"data\":{\"x\":\"1\"}}";
        var applied = await c.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(second, V1Patch.PatchType.ApplyPatch), "cfg", ns, fieldManager: "tool");
        Assert.False(applied.Metadata.Labels.ContainsKey("b"));
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            c.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(second, V1Patch.PatchType.ApplyPatch), "cfg", ns));
        Assert.Equal(HttpStatusCode.BadRequest, missing.Response.StatusCode);
    }

    [Fact]
    public async Task The_scale_subresource_maps_to_spec_replicas_with_the_selector_and_rejects_a_stale_version()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var d = await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), ns);
        var scale = await c.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal((2, "app=web", d.Metadata.Uid), (scale.Spec.Replicas ?? 0, scale.Status.Selector, scale.Metadata.Uid));
        var patched = await c.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(4, patched.Spec.Replicas);
        scale.Spec.Replicas = 6;
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => c.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        var negative = await Assert.ThrowsAsync<HttpOperationException>(() =>
            c.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":-2}}", V1Patch.PatchType.MergePatch), "web", ns));
        Assert.Equal("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -2: must be greater than or equal to 0", Status(negative).GetProperty("message").GetString());
        var after = await c.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal((4, 2L), (after.Spec.Replicas ?? 0, after.Metadata.Generation ?? 0));
    }

    [Theory]
    [InlineData("app=web", null, new[] { "a", "b" })]
    [InlineData("app=web,tier!=db", null, new[] { "a" })]
    [InlineData("tier in (db,cache)", null, new[] { "b", "c" })]
    [InlineData("tier notin (db)", null, new[] { "a", "c", "d" })]
    [InlineData("!tier", null, new[] { "d" })]
    [InlineData("tier", null, new[] { "a", "b", "c" })]
    [InlineData(null, "spec.nodeName=n1", new[] { "a", "c" })]
    [InlineData(null, "metadata.name!=a,spec.nodeName=n1", new[] { "c" })]
    [InlineData("app=web", "status.phase=Pending", new[] { "a", "b" })]
    public async Task List_honours_label_and_field_selectors(string? labels, string? fields, string[] expected)
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }, "n1"), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("b", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "db" }, "n2"), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("c", new Dictionary<string, string> { ["app"] = "api", ["tier"] = "cache" }, "n1"), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("d", new Dictionary<string, string> { ["app"] = "api" }), ns);
        var list = await c.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labels, fieldSelector: fields);
        Assert.Equal(expected, list.Items.Select(p => p.Metadata.Name));
    }

    [Theory]
    [InlineData("labelSelector", "app in web", "unable to parse requirement")]
    [InlineData("fieldSelector", "spec.foo=bar", "field label not supported: spec.foo")]
    public async Task A_bad_selector_is_a_400_bad_request(string which, string value, string message)
    {
        using var c = fx.Admin();
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => which == "labelSelector"
            ? c.CoreV1.ListNamespacedPodAsync("default", labelSelector: value)
            : c.CoreV1.ListNamespacedPodAsync("default", fieldSelector: value));
        Assert.Equal(HttpStatusCode.BadRequest, e.Response.StatusCode);
        Assert.Contains(message, Status(e).GetProperty("message").GetString());
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue_in_name_order()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        foreach (var n in new[] { "p3", "p1", "p5", "p2", "p4" })
            await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta(n) }, ns);
        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await c.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(["p1", "p2", "p3", "p4", "p5"], names);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task An_identity_without_the_right_gets_a_403_with_the_real_message()
    {
        using var admin = fx.Admin();
        var ns = await Namespace(admin);
        using var scaler = fx.Scaler();
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => scaler.CoreV1.ListNamespacedPodAsync(ns));
        Assert.Equal(HttpStatusCode.Forbidden, e.Response.StatusCode);
        Assert.Equal($"pods is forbidden: User \"system:serviceaccount:elasticscaler:elasticscaler\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns}\"",
            Status(e).GetProperty("message").GetString());
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = Objects.Meta("reader"), Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["list"] }] }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = Objects.Meta("reader"),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "reader" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "elasticscaler", NamespaceProperty = "elasticscaler" }],
        }, ns);
        Assert.Empty((await scaler.CoreV1.ListNamespacedPodAsync(ns)).Items);
        var get = await Assert.ThrowsAsync<HttpOperationException>(() => scaler.CoreV1.ReadNamespacedPodAsync("p", ns));
        Assert.Equal($"pods \"p\" is forbidden: User \"system:serviceaccount:elasticscaler:elasticscaler\" cannot get resource \"pods\" in API group \"\" in the namespace \"{ns}\"",
            Status(get).GetProperty("message").GetString());
        var nodes = await Assert.ThrowsAsync<HttpOperationException>(() => scaler.CoreV1.ListNodeAsync());
        Assert.EndsWith("cannot list resource \"nodes\" in API group \"\" at the cluster scope", Status(nodes).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_put_or_apply_that_would_create_needs_the_create_verb_too()
    {
        using var admin = fx.Admin();
        var ns = await Namespace(admin);
        var user = "bob-" + ns;
        using var bob = SimFixture.Client(fx.Sim.WriteKubeconfig(user + ".kubeconfig", user, fx.Sim.AddUser(user)));
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role
        {
            Metadata = Objects.Meta("writer"),
            Rules = [new V1PolicyRule { ApiGroups = ["", "coordination.k8s.io"], Resources = ["leases", "configmaps"], Verbs = ["get", "update", "patch"] }],
        }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = Objects.Meta("writer"),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "writer" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = user, ApiGroup = "rbac.authorization.k8s.io" }],
        }, ns);
        var lease = new V1Lease { Metadata = Objects.Meta("l"), Spec = new V1LeaseSpec { HolderIdentity = "bob" } };
        var put = await Assert.ThrowsAsync<HttpOperationException>(() => bob.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", ns));
        Assert.Equal((HttpStatusCode.Forbidden, "leases.coordination.k8s.io \"l\" is forbidden: "), (put.Response.StatusCode, Status(put).GetProperty("message").GetString()));
        var apply = new V1Patch("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.ApplyPatch);
        var applied = await Assert.ThrowsAsync<HttpOperationException>(() => bob.CoreV1.PatchNamespacedConfigMapAsync(apply, "c", ns, fieldManager: "bob"));
        Assert.Equal(HttpStatusCode.Forbidden, applied.Response.StatusCode);
        Assert.Empty((await admin.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        // Once the objects exist, update and patch are all that is needed.
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("c") }, ns);
        Assert.Equal("v", (await bob.CoreV1.PatchNamespacedConfigMapAsync(apply, "c", ns, fieldManager: "bob")).Data["k"]);
        var created = await admin.CoordinationV1.CreateNamespacedLeaseAsync(lease, ns);
        created.Spec.HolderIdentity = "bob2";
        Assert.Equal("bob2", (await bob.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", ns)).Spec.HolderIdentity);
    }

    [Fact]
    public async Task Metrics_helpers_read_the_samples_of_running_pods_and_nodes()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("run", new Dictionary<string, string> { ["app"] = "m" }), ns);
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pending"), ns);
        await c.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("{\"status\":{\"phase\":\"Running\"}}", V1Patch.PatchType.MergePatch), "run", ns);
        fx.Sim.SetPodMetrics(ns, "run", new Api.ContainerUsage("app", 250, 128L * 1024 * 1024));
        fx.Sim.SetPodMetrics(ns, "pending", new Api.ContainerUsage("app", 1, 1));
        var pods = await c.GetKubernetesPodsMetricsByNamespaceAsync(ns);
        var item = Assert.Single(pods.Items);
        Assert.Equal(("run", 0.25m, 128m * 1024 * 1024), (item.Metadata.Name, item.Containers[0].Usage["cpu"].ToDecimal(), item.Containers[0].Usage["memory"].ToDecimal()));
    }

    [Fact]
    public async Task An_event_written_through_events_k8s_io_is_found_by_core_field_selectors_as_kubectl_describe_asks()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        await c.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = Objects.Meta("web.1"), EventTime = DateTime.UtcNow, ReportingController = "elastic-scaler", ReportingInstance = "i-1",
            Action = "Scale", Reason = "ScaledUp", Type = "Normal", Note = "scaled web from 2 to 5",
            Regarding = new V1ObjectReference { Kind = "Deployment", Name = "web", NamespaceProperty = ns, Uid = "u-1" },
        }, ns);
        var core = await c.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=web,involvedObject.kind=Deployment,involvedObject.uid=u-1");
        var e = Assert.Single(core.Items);
        Assert.Equal(("ScaledUp", "scaled web from 2 to 5", "elastic-scaler"), (e.Reason, e.Message, e.ReportingComponent));
    }
}
