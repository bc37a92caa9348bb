using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ElasticScaler.Sim.Api;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>The request audit: every resource request answered over HTTP, with its RBAC verb, resource and code, in process and at /sim/audit.</summary>
public sealed class AuditTests
{
    private const string Ns = "au";

    private static HttpClient Http(SimCluster sim, string token)
    {
        var thumbprint = sim.Certificate!.Thumbprint;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        var http = new HttpClient(handler) { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static (string, string, string, string?, string?, string?, int) Key(AuditRecord r) =>
        (r.Verb, r.Group, r.Resource, r.Subresource, r.Namespace, r.Name, r.Code);

    [Fact]
    public async Task Every_resource_request_is_recorded_with_its_rbac_verb_resource_and_code_and_nothing_else_is()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sim = await SimCluster.StartAsync(new SimOptions { Time = time, AuditCapacity = 1000 });
        Assert.Equal(1000, sim.Audit.Capacity);
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        var start = time.GetUtcNow();
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(Ns) });
        time.Advance(TimeSpan.FromSeconds(1));
        await admin.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), Ns);
        await admin.AppsV1.ListNamespacedDeploymentAsync(Ns);
        await admin.AppsV1.ReadNamespacedDeploymentAsync("web", Ns);
        await admin.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch("{\"status\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", Ns);
        var scale = await admin.AppsV1.ReadNamespacedDeploymentScaleAsync("web", Ns);
        scale.Spec.Replicas = 3;
        await admin.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", Ns);
        await admin.GetKubernetesPodsMetricsByNamespaceAsync(Ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("c1") }, Ns);
        // Opening a watch returns with its first event (the synthetic ADDED): by then the watch is on record.
        using (await admin.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(Ns, watch: true))
            Assert.Equal("watch", sim.Audit.Snapshot()[^1].Verb);
        await admin.CoreV1.DeleteNamespacedConfigMapAsync("c1", Ns);
        await admin.CoreV1.DeleteCollectionNamespacedConfigMapAsync(Ns);
        var aliceKubeconfig = sim.WriteKubeconfig("alice.kubeconfig", "alice", sim.AddUser("alice"));
        using (var alice = SimFixture.Client(aliceKubeconfig))
        {
            var denied = await Assert.ThrowsAsync<HttpOperationException>(() => alice.CoreV1.ListNamespacedPodAsync(Ns));
            Assert.Equal(HttpStatusCode.Forbidden, denied.Response.StatusCode);
        }
        using (var stranger = Http(sim, "not-a-token"))
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/pods")).StatusCode);
        using (var http = Http(sim, sim.AdminToken))
        {
            // Discovery, OpenAPI, /version and the sim's own admin calls are not API resource requests.
            foreach (var path in new[] { "/api", "/apis/apps/v1", "/openapi/v3", "/version", "/sim/faults" })
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(path)).StatusCode);
        }

        var records = sim.Audit.Snapshot();
        Assert.Equal(
        [
            ("create", "", "namespaces", null, null, null, 201),
            ("create", "apps", "deployments", null, Ns, null, 201),
            ("list", "apps", "deployments", null, Ns, null, 200),
            ("get", "apps", "deployments", null, Ns, "web", 200),
            ("patch", "apps", "deployments", "status", Ns, "web", 200),
            ("get", "apps", "deployments", "scale", Ns, "web", 200),
            ("update", "apps", "deployments", "scale", Ns, "web", 200),
            ("list", "metrics.k8s.io", "pods", null, Ns, null, 200),
            ("create", "", "configmaps", null, Ns, null, 201),
            ("watch", "", "configmaps", null, Ns, null, 200),
            ("delete", "", "configmaps", null, Ns, "c1", 200),
            ("deletecollection", "", "configmaps", null, Ns, null, 200),
            ("list", "", "pods", null, Ns, null, 403),
            ("list", "", "pods", null, null, null, 401),
        ], records.Select(Key));
        Assert.Equal(["kubernetes-admin"], records.SkipLast(2).Select(r => r.User).Distinct());
        Assert.Equal(("alice", ""), (records[^2].User, records[^1].User));
        Assert.Equal(start, records[0].At);
        Assert.All(records.Skip(1), r => Assert.Equal(start + TimeSpan.FromSeconds(1), r.At));
        Assert.Equal([("list", "", "pods", null, Ns, null, 403)], sim.Audit.Snapshot("alice").Select(Key));
        Assert.Equal(0, sim.Audit.Dropped);
    }

    [Fact]
    public async Task The_admin_endpoint_serves_the_audit_filtered_by_user_and_clears_it_and_other_users_may_not()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions());
        using var admin = Http(sim, sim.AdminToken);
        using var scaler = Http(sim, sim.ScalerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await scaler.GetAsync("/api/v1/namespaces/elasticscaler/pods")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/namespaces/default/configmaps")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scaler.GetAsync("/sim/audit")).StatusCode);

        using var res = await admin.GetAsync("/sim/audit?user=" + Uri.EscapeDataString(Auth.Identity.ScalerUser));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement;
        var item = doc.GetProperty("items").EnumerateArray().Single();
        Assert.Equal((Auth.Identity.ScalerUser, "list", "", "pods", "elasticscaler", 403),
            (item.GetProperty("user").GetString(), item.GetProperty("verb").GetString(), item.GetProperty("group").GetString(),
             item.GetProperty("resource").GetString(), item.GetProperty("namespace").GetString(), item.GetProperty("code").GetInt32()));
        Assert.Equal(JsonValueKind.Null, item.GetProperty("name").ValueKind);
        Assert.True(DateTimeOffset.TryParse(item.GetProperty("at").GetString(), out _));
        Assert.Equal((0, 100_000), (doc.GetProperty("dropped").GetInt64(), doc.GetProperty("capacity").GetInt32()));

        using var all = await admin.GetAsync("/sim/audit");
        Assert.Equal(2, JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength());
        using var cleared = await admin.DeleteAsync("/sim/audit");
        Assert.Equal(2, JsonDocument.Parse(await cleared.Content.ReadAsStringAsync()).RootElement.GetProperty("cleared").GetInt32());
        Assert.Empty(sim.Audit.Snapshot());
    }

    [Fact]
    public async Task Drain_answers_the_records_and_clears_them_in_one_step_so_a_poller_sees_each_request_once()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions());
        using var admin = Http(sim, sim.AdminToken);
        using var scaler = Http(sim, sim.ScalerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await scaler.PostAsync("/sim/audit/drain", null)).StatusCode);
        await admin.GetAsync("/api/v1/namespaces/default/configmaps");

        using var first = await admin.PostAsync("/sim/audit/drain?user=" + Uri.EscapeDataString(Auth.Identity.ScalerUser), null);
        var items = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.Equal(0, items.GetArrayLength()); // the scaler's only request was the refused drain, an admin call, not an API request
        Assert.Empty(sim.Audit.Snapshot()); // drained: the admin's list went with the clear though the filter left it out

        await admin.GetAsync("/api/v1/namespaces/default/configmaps");
        using var second = await admin.PostAsync("/sim/audit/drain", null);
        var doc = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["list"], doc.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("verb").GetString()));
        Assert.Equal(0, doc.GetProperty("dropped").GetInt64());
        using var third = await admin.PostAsync("/sim/audit/drain", null);
        Assert.Equal(0, JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength());

        var log = new AuditLog(2);
        for (var i = 0; i < 3; i++) log.Add(new AuditRecord(DateTimeOffset.UnixEpoch, "u", "get", "", "pods", null, "ns", $"p{i}", 200));
        var (records, dropped) = log.Drain();
        Assert.Equal(["p1", "p2"], records.Select(r => r.Name));
        Assert.Equal(1, dropped);
        Assert.Equal((0, 0L), (log.Snapshot().Count, log.Dropped));
    }

    [Fact]
    public void The_ring_keeps_the_newest_records_in_order_counts_what_it_dropped_and_filters_by_user()
    {
        var log = new AuditLog(3);
        var t0 = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 5; i++)
            log.Add(new AuditRecord(t0.AddSeconds(i), i % 2 == 0 ? "even" : "odd", "get", "", "pods", null, "ns", $"p{i}", 200));
        Assert.Equal(["p2", "p3", "p4"], log.Snapshot().Select(r => r.Name));
        Assert.Equal(["p2", "p4"], log.Snapshot("even").Select(r => r.Name));
        Assert.Empty(log.Snapshot("nobody"));
        Assert.Equal(2, log.Dropped);
        Assert.Equal(3, log.Clear());
        Assert.Equal((0, 0L), (log.Snapshot().Count, log.Dropped));
        log.Add(new AuditRecord(t0, "u", "list", "", "pods", null, null, null, 200));
        Assert.Equal([(string?)null], log.Snapshot().Select(r => r.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimOptions { AuditCapacity = 0 }.Validate());
    }
}
