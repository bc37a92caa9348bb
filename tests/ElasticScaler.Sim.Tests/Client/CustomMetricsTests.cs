using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ElasticScaler.Sim.Api;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>
/// custom.metrics.k8s.io/v1beta2 and external.metrics.k8s.io/v1beta1 over HTTPS: discovery, the pods, object,
/// namespace and cluster-scoped reads, external series, the adapter's 404, the admin endpoints, RBAC and the audit.
/// </summary>
public sealed class CustomMetricsTests
{
    private const string Ns = "cm";
    private const string Custom = "/apis/custom.metrics.k8s.io/v1beta2";
    private const string External = "/apis/external.metrics.k8s.io/v1beta1";
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 20, 10, 54, TimeSpan.Zero);

    /// <summary>A sim on a fake clock at <see cref="T0"/> with the test namespace.</summary>
    private static async Task<SimCluster> Start(FakeTimeProvider time)
    {
        var sim = await SimCluster.StartAsync(new SimOptions { Time = time });
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(Ns) });
        return sim;
    }

    private static HttpClient Http(SimCluster sim, string token)
    {
        var thumbprint = sim.Certificate!.Thumbprint;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        var http = new HttpClient(handler) { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> Send(HttpClient http, HttpMethod method, string path, string? body = null, string? accept = null)
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null)
            req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (accept is not null)
            req.Headers.TryAddWithoutValidation("Accept", accept);
        using var res = await http.SendAsync(req);
        return (res.StatusCode, JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<JsonElement> Ok(HttpClient http, string path)
    {
        var (code, body) = await Send(http, HttpMethod.Get, path);
        Assert.True(code == HttpStatusCode.OK, $"GET {path}: {(int)code} {body}");
        return body;
    }

    private static string[] Names(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("describedObject").GetProperty("name").GetString()!)];

    private static string[] Values(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetString()!)];

    private static async Task CreatePod(Kubernetes admin, string name, string app) =>
        await admin.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name, new Dictionary<string, string> { ["app"] = app }), Ns);

    private static Dictionary<string, string> L(string key, string value) => new() { [key] = value };

    [Fact]
    public async Task Discovery_lists_both_groups_and_the_known_metrics_as_an_adapter_reports_them_in_legacy_and_aggregated_form()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        using var http = Http(sim, sim.AdminToken);
        var empty = await Ok(http, Custom);
        Assert.Equal(("APIResourceList", "custom.metrics.k8s.io/v1beta2", 0),
            (empty.GetProperty("kind").GetString(), empty.GetProperty("groupVersion").GetString(), empty.GetProperty("resources").GetArrayLength()));

        sim.SetCustomMetric(Ns, "pods", "p1", "http_requests_per_second", 1.5m);
        sim.SetCustomMetric(Ns, "services", "web", "http_requests_per_second", 3m);
        sim.SetCustomMetric(null, "namespaces", Ns, "http_requests_per_second", 3m);
        sim.SetCustomMetric(Ns, "deployments.apps", "web", "latency_seconds", 0.25m);
        sim.SetCustomMetric(null, "nodes", "n1", "temperature", 40m);
        sim.SetExternalMetric(Ns, "queue_depth", new ExternalSeries(L("queue", "orders"), 42m));

        var groups = await Ok(http, "/apis");
        var byName = groups.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("preferredVersion").GetProperty("groupVersion").GetString());
        Assert.Equal("custom.metrics.k8s.io/v1beta2", byName["custom.metrics.k8s.io"]);
        Assert.Equal("external.metrics.k8s.io/v1beta1", byName["external.metrics.k8s.io"]);
        Assert.Equal("APIGroup", (await Ok(http, "/apis/custom.metrics.k8s.io")).GetProperty("kind").GetString());

        var custom = (await Ok(http, Custom)).GetProperty("resources").EnumerateArray()
            .Select(r => (r.GetProperty("name").GetString(), r.GetProperty("singularName").GetString(), r.GetProperty("namespaced").GetBoolean(),
                r.GetProperty("kind").GetString(), string.Join(",", r.GetProperty("verbs").EnumerateArray().Select(v => v.GetString())))).ToList();
        Assert.Equal(
        [
            ("deployments.apps/latency_seconds", "", true, "MetricValueList", "get"),
            ("namespaces/http_requests_per_second", "", false, "MetricValueList", "get"),
            ("nodes/temperature", "", false, "MetricValueList", "get"),
            ("pods/http_requests_per_second", "", true, "MetricValueList", "get"),
            ("services/http_requests_per_second", "", true, "MetricValueList", "get"),
        ], custom);
        var external = (await Ok(http, External)).GetProperty("resources").EnumerateArray().Single();
        Assert.Equal(("queue_depth", true, "ExternalMetricValueList", "get"),
            (external.GetProperty("name").GetString(), external.GetProperty("namespaced").GetBoolean(), external.GetProperty("kind").GetString(),
             external.GetProperty("verbs")[0].GetString()));

        // Aggregated discovery: what kube-apiserver makes of an adapter's legacy list (metric names as subresources).
        var (code, aggregated) = await Send(http, HttpMethod.Get, "/apis", accept: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        Assert.Equal(HttpStatusCode.OK, code);
        var cm = aggregated.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "custom.metrics.k8s.io");
        var version = cm.GetProperty("versions").EnumerateArray().Single();
        Assert.Equal("v1beta2", version.GetProperty("version").GetString());
        var pods = version.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "pods");
        Assert.Equal(("Namespaced", JsonValueKind.Null, ""), (pods.GetProperty("scope").GetString(), pods.GetProperty("verbs").ValueKind, pods.GetProperty("responseKind").GetProperty("kind").GetString()));
        var sub = pods.GetProperty("subresources").EnumerateArray().Single();
        Assert.Equal(("http_requests_per_second", "MetricValueList", "get"),
            (sub.GetProperty("subresource").GetString(), sub.GetProperty("responseKind").GetProperty("kind").GetString(), sub.GetProperty("verbs")[0].GetString()));
        Assert.Equal("Cluster", version.GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "nodes").GetProperty("scope").GetString());
        var em = aggregated.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "external.metrics.k8s.io");
        var queue = em.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single();
        Assert.Equal(("queue_depth", "Namespaced", "ExternalMetricValueList"),
            (queue.GetProperty("resource").GetString(), queue.GetProperty("scope").GetString(), queue.GetProperty("responseKind").GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task A_pods_query_returns_one_item_per_pod_the_label_selector_matches_that_has_a_value()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await CreatePod(admin, "web-1", "web");
        await CreatePod(admin, "web-2", "web");
        await CreatePod(admin, "web-3", "web");
        await CreatePod(admin, "db-1", "db");
        sim.SetCustomMetric(Ns, "pods", "web-1", "http_requests_per_second", 1.5m, windowSeconds: 60);
        time.Advance(TimeSpan.FromSeconds(2));
        sim.SetCustomMetric(Ns, "pods", "web-3", "http_requests_per_second", 12000m, windowSeconds: 60);
        sim.SetCustomMetric(Ns, "pods", "db-1", "http_requests_per_second", 2m);
        sim.SetCustomMetric(Ns, "pods", "gone", "http_requests_per_second", 9m);   // a value for a pod that does not exist is never listed
        using var http = Http(sim, sim.AdminToken);

        var web = await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/http_requests_per_second?labelSelector=app%3Dweb");
        Assert.Equal(("MetricValueList", "custom.metrics.k8s.io/v1beta2"), (web.GetProperty("kind").GetString(), web.GetProperty("apiVersion").GetString()));
        Assert.Equal(["web-1", "web-3"], Names(web));   // web-2 has no value
        Assert.Equal(["1500m", "12k"], Values(web));
        var first = web.GetProperty("items")[0];
        Assert.Equal(JsonSerializer.Serialize(new { kind = "Pod", @namespace = Ns, name = "web-1", apiVersion = "/v1" }), first.GetProperty("describedObject").GetRawText());
        Assert.Equal("{\"name\":\"http_requests_per_second\",\"selector\":null}", first.GetProperty("metric").GetRawText());
        Assert.Equal(("2026-11-24T20:10:54Z", 60), (first.GetProperty("timestamp").GetString(), first.GetProperty("windowSeconds").GetInt32()));
        Assert.Equal("2026-11-24T20:10:56Z", web.GetProperty("items")[1].GetProperty("timestamp").GetString());

        var all = await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/http_requests_per_second");
        Assert.Equal(["db-1", "web-1", "web-3"], Names(all));
        Assert.False(all.GetProperty("items")[0].TryGetProperty("windowSeconds", out _));   // not given, so omitted as prometheus-adapter does
        var none = await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/http_requests_per_second?labelSelector=app%3Dcache");
        Assert.Equal(0, none.GetProperty("items").GetArrayLength());   // a known metric that matches nothing is an empty list
        var elsewhere = await Ok(http, $"{Custom}/namespaces/default/pods/*/http_requests_per_second");
        Assert.Equal(0, elsewhere.GetProperty("items").GetArrayLength());

        var (code, status) = await Send(http, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/pods/*/queue_length");
        Assert.Equal(HttpStatusCode.NotFound, code);
        Assert.Equal(("Status", "NotFound", 404, "the server could not find the metric queue_length for pods"),
            (status.GetProperty("kind").GetString(), status.GetProperty("reason").GetString(), status.GetProperty("code").GetInt32(), status.GetProperty("message").GetString()));
        var (bad, badSelector) = await Send(http, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/pods/*/http_requests_per_second?labelSelector=app%20in%20web");
        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest"), (bad, badSelector.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_metric_label_selector_filters_series_and_is_echoed_as_a_label_selector_object()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await CreatePod(admin, "web-1", "web");
        await CreatePod(admin, "web-2", "web");
        sim.SetCustomMetric(Ns, "pods", "web-1", "rps", 1m, L("verb", "GET"));
        sim.SetCustomMetric(Ns, "pods", "web-2", "rps", 2m, L("verb", "POST"));
        sim.SetCustomMetric(Ns, "services", "web", "rps", 3m, L("verb", "GET"));
        using var http = Http(sim, sim.AdminToken);

        var get = await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/rps?metricLabelSelector=verb%3DGET");
        Assert.Equal(["web-1"], Names(get));
        Assert.Equal("{\"matchLabels\":{\"verb\":\"GET\"}}", get.GetProperty("items")[0].GetProperty("metric").GetProperty("selector").GetRawText());
        var either = await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/rps?metricLabelSelector=" + Uri.EscapeDataString("verb in (POST,GET)"));
        Assert.Equal(["web-1", "web-2"], Names(either));
        Assert.Equal("{\"matchExpressions\":[{\"key\":\"verb\",\"operator\":\"In\",\"values\":[\"GET\",\"POST\"]}]}",
            either.GetProperty("items")[0].GetProperty("metric").GetProperty("selector").GetRawText());
        Assert.Equal(["web"], Names(await Ok(http, $"{Custom}/namespaces/{Ns}/services/web/rps?metricLabelSelector=verb%3DGET")));
        var (code, status) = await Send(http, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/services/web/rps?metricLabelSelector=verb%3DPOST");
        Assert.Equal((HttpStatusCode.NotFound, "the server could not find the metric rps for services web"), (code, status.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Object_namespace_and_cluster_scoped_paths_answer_exactly_one_item_describing_the_object()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        sim.SetCustomMetric(Ns, "services", "web", "http_requests_per_second", 30m, windowSeconds: 15);
        sim.SetCustomMetric(Ns, "deployments.apps", "web", "latency_seconds", 0.125m);
        sim.SetCustomMetric(Ns, "pods", "web-1", "http_requests_per_second", 10m);
        sim.SetCustomMetric(null, "namespaces", Ns, "http_requests_per_second", 30m);
        sim.SetCustomMetric(null, "nodes", "n1", "temperature", 40m);
        using var http = Http(sim, sim.AdminToken);

        async Task<JsonElement> One(string path)
        {
            var list = await Ok(http, Custom + path);
            return Assert.Single(list.GetProperty("items").EnumerateArray());
        }

        var service = await One($"/namespaces/{Ns}/services/web/http_requests_per_second");
        Assert.Equal(JsonSerializer.Serialize(new { kind = "Service", @namespace = Ns, name = "web", apiVersion = "/v1" }), service.GetProperty("describedObject").GetRawText());
        Assert.Equal(("30", 15), (service.GetProperty("value").GetString(), service.GetProperty("windowSeconds").GetInt32()));
        var deployment = await One($"/namespaces/{Ns}/deployments.apps/web/latency_seconds");
        Assert.Equal(JsonSerializer.Serialize(new { kind = "Deployment", @namespace = Ns, name = "web", apiVersion = "apps/v1" }), deployment.GetProperty("describedObject").GetRawText());
        Assert.Equal("125m", deployment.GetProperty("value").GetString());
        Assert.Equal("web-1", (await One($"/namespaces/{Ns}/pods/web-1/http_requests_per_second")).GetProperty("describedObject").GetProperty("name").GetString());
        // A Namespace's metric: client-go's path, and the root-scoped route the same path form also matches.
        foreach (var path in new[] { $"/namespaces/{Ns}/metrics/http_requests_per_second", $"/namespaces/{Ns}/http_requests_per_second" })
        {
            var ns = await One(path);
            Assert.Equal(JsonSerializer.Serialize(new { kind = "Namespace", name = Ns, apiVersion = "/v1" }), ns.GetProperty("describedObject").GetRawText());
            Assert.Equal("30", ns.GetProperty("value").GetString());
        }
        var node = await One("/nodes/n1/temperature");
        Assert.Equal(JsonSerializer.Serialize(new { kind = "Node", name = "n1", apiVersion = "/v1" }), node.GetProperty("describedObject").GetRawText());

        foreach (var (path, message) in new[]
        {
            ($"/namespaces/{Ns}/services/api/http_requests_per_second", "the server could not find the metric http_requests_per_second for services api"),
            ($"/namespaces/{Ns}/services/web/latency_seconds", "the server could not find the metric latency_seconds for services web"),
            ($"/namespaces/default/metrics/http_requests_per_second", "the server could not find the metric http_requests_per_second for namespaces default"),
            ($"/namespaces/{Ns}/nodes/n1/temperature", "the server could not find the metric temperature for nodes n1"),
        })
        {
            var (code, status) = await Send(http, HttpMethod.Get, Custom + path);
            Assert.Equal((HttpStatusCode.NotFound, "NotFound", message), (code, status.GetProperty("reason").GetString(), status.GetProperty("message").GetString()));
        }
        var (notGet, _) = await Send(http, HttpMethod.Post, $"{Custom}/namespaces/{Ns}/services/web/http_requests_per_second", "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notGet);
    }

    [Fact]
    public async Task External_metrics_answer_every_series_the_label_selector_matches()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        sim.Metrics.SetExternal(Ns, "queue_depth",
        [
            new ExternalSeries(L("queue", "orders"), 42m),
            new ExternalSeries(L("queue", "payments"), 7.5m),
            new ExternalSeries(L("queue", "audit"), 0m),
        ], time.GetUtcNow(), windowSeconds: 60);
        sim.SetExternalMetric(Ns, "lag");
        using var http = Http(sim, sim.AdminToken);

        var all = await Ok(http, $"{External}/namespaces/{Ns}/queue_depth");
        Assert.Equal(("ExternalMetricValueList", "external.metrics.k8s.io/v1beta1"), (all.GetProperty("kind").GetString(), all.GetProperty("apiVersion").GetString()));
        Assert.Equal(["42", "7500m", "0"], Values(all));
        var orders = Assert.Single((await Ok(http, $"{External}/namespaces/{Ns}/queue_depth?labelSelector=queue%3Dorders")).GetProperty("items").EnumerateArray());
        Assert.Equal("{\"metricName\":\"queue_depth\",\"metricLabels\":{\"queue\":\"orders\"},\"timestamp\":\"2026-11-24T20:10:54Z\",\"window\":60,\"value\":\"42\"}", orders.GetRawText());
        Assert.Equal(["42", "7500m"], Values(await Ok(http, $"{External}/namespaces/{Ns}/queue_depth?labelSelector=" + Uri.EscapeDataString("queue in (orders,payments)"))));
        Assert.Equal(0, (await Ok(http, $"{External}/namespaces/{Ns}/queue_depth?labelSelector=queue%3Dnone")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await Ok(http, $"{External}/namespaces/{Ns}/lag")).GetProperty("items").GetArrayLength());

        foreach (var path in new[] { $"{External}/namespaces/{Ns}/unknown_metric", $"{External}/namespaces/default/queue_depth" })
        {
            var (code, status) = await Send(http, HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.NotFound, code);
            Assert.Matches("^the server could not find the metric (unknown_metric|queue_depth) for namespaces$", status.GetProperty("message").GetString());
        }
        var (cluster, _) = await Send(http, HttpMethod.Get, $"{External}/queue_depth");
        Assert.Equal(HttpStatusCode.NotFound, cluster);
    }

    [Fact]
    public async Task The_admin_endpoints_set_and_remove_values_stamped_now_and_refuse_bad_bodies_naming_the_field()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await CreatePod(admin, "web-1", "web");
        using var http = Http(sim, sim.AdminToken);
        time.Advance(TimeSpan.FromMinutes(1));

        var (put, echo) = await Send(http, HttpMethod.Put, $"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1.5\",\"labels\":{\"verb\":\"GET\"},\"windowSeconds\":60}");
        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(("1500m", "2026-11-24T20:11:54Z"), (echo.GetProperty("value").GetString(), echo.GetProperty("timestamp").GetString()));
        var item = (await Ok(http, $"{Custom}/namespaces/{Ns}/services/web/rps")).GetProperty("items")[0];
        Assert.Equal(("1500m", 60, "2026-11-24T20:11:54Z"), (item.GetProperty("value").GetString(), item.GetProperty("windowSeconds").GetInt32(), item.GetProperty("timestamp").GetString()));
        Assert.Equal("GET", sim.Metrics.Custom(Ns, "services", "web", "rps")!.Labels["verb"]);

        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Put, $"/sim/metrics/custom/namespaces/{Ns}/pods/web-1/rps", "{\"value\":42}")).Code);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Put, $"/sim/metrics/custom/namespaces/{Ns}/metrics/rps", "{\"value\":\"3\"}")).Code);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Put, "/sim/metrics/custom/nodes/n1/temperature", "{\"value\":\"40\"}")).Code);
        Assert.Equal(["42"], Values(await Ok(http, $"{Custom}/namespaces/{Ns}/pods/*/rps")));
        Assert.Equal(["3"], Values(await Ok(http, $"{Custom}/namespaces/{Ns}/metrics/rps")));
        Assert.Equal(["40"], Values(await Ok(http, $"{Custom}/nodes/n1/temperature")));

        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Delete, $"/sim/metrics/custom/namespaces/{Ns}/services/web/rps")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/services/web/rps")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Delete, $"/sim/metrics/custom/namespaces/{Ns}/services/web/rps")).Code);
        // The Namespace's value in the cluster-scoped path form is the same value.
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Delete, $"/sim/metrics/custom/namespaces/{Ns}/rps")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/metrics/rps")).Code);

        var (putExternal, _) = await Send(http, HttpMethod.Put, $"/sim/metrics/external/namespaces/{Ns}/queue_depth",
            "{\"series\":[{\"labels\":{\"queue\":\"orders\"},\"value\":\"42\"},{\"labels\":{\"queue\":\"payments\"},\"value\":\"1\"}],\"windowSeconds\":30}");
        Assert.Equal(HttpStatusCode.OK, putExternal);
        var external = await Ok(http, $"{External}/namespaces/{Ns}/queue_depth");
        Assert.Equal(["42", "1"], Values(external));
        Assert.Equal(30, external.GetProperty("items")[1].GetProperty("window").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await Send(http, HttpMethod.Delete, $"/sim/metrics/external/namespaces/{Ns}/queue_depth")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(http, HttpMethod.Get, $"{External}/namespaces/{Ns}/queue_depth")).Code);

        foreach (var (path, body, message) in new[]
        {
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{}", "value: required"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"lots\"}", "value: quantities must match"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":true}", "value: must be a quantity"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\",\"labels\":[\"a\"]}", "labels: must be an object"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\",\"labels\":{\"verb\":1}}", "labels.verb: must be a string"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\",\"windowSeconds\":0}", "windowSeconds: 0: must be a whole number"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\",\"windowSeconds\":\"60s\"}", "windowSeconds: \"60s\": must be a whole number"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\",\"window\":60}", "window: unknown field; expected value, labels, windowSeconds"),
            ($"/sim/metrics/custom/namespaces/{Ns}/ingresses.networking.k8s.io/main/rps", "{\"value\":\"1\"}", "resource: \"ingresses.networking.k8s.io\" is no resource the sim serves"),
            ("/sim/metrics/custom/pods/web-1/rps", "{\"value\":\"1\"}", "ns: pods are namespaced"),
            ("/sim/metrics/custom/pods/rps", "{\"value\":\"1\"}", "/sim/metrics/custom/pods/rps: expected /sim/metrics/custom/namespaces/{ns}/{resource}/{name}/{metric}"),
            ($"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "[1]", "the body must be a JSON object"),
            ($"/sim/metrics/external/namespaces/{Ns}/queue_depth", "{\"windowSeconds\":60}", "series: required"),
            ($"/sim/metrics/external/namespaces/{Ns}/queue_depth", "{\"series\":[{\"value\":\"1\"},{\"labels\":{}}]}", "series[1].value: required"),
            ($"/sim/metrics/external/namespaces/{Ns}/queue_depth", "{\"series\":[{\"value\":\"1\",\"label\":{}}]}", "series[0].label: unknown field"),
            ($"/sim/metrics/external/namespaces/{Ns}/queue_depth", "{\"series\":[{\"value\":\"1\",\"labels\":{\"q\":\"not valid!\"}}]}", "series[0].labels.q: \"not valid!\" is not a valid label value"),
        })
        {
            var (code, status) = await Send(http, HttpMethod.Put, path, body);
            Assert.True(code == HttpStatusCode.BadRequest, $"PUT {path} {body}: {(int)code} {status}");
            Assert.True(status.GetProperty("message").GetString()!.Contains(message, StringComparison.Ordinal), $"PUT {path} {body}: {status.GetProperty("message").GetString()}");
        }
        Assert.Null(sim.Metrics.Custom(Ns, "services", "web", "rps"));   // no bad body changed anything

        using var scaler = Http(sim, sim.ScalerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(scaler, HttpMethod.Put, $"/sim/metrics/custom/namespaces/{Ns}/services/web/rps", "{\"value\":\"1\"}")).Code);
    }

    [Fact]
    public async Task Rbac_authorizes_the_reads_as_the_apiserver_names_them_and_the_audit_records_group_resource_subresource_and_verb()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await Start(time);
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await CreatePod(admin, "web-1", "web");
        sim.SetCustomMetric(Ns, "pods", "web-1", "rps", 1m);
        sim.SetCustomMetric(Ns, "deployments.apps", "web", "rps", 1m);
        sim.SetCustomMetric(null, "namespaces", Ns, "rps", 1m);
        sim.SetExternalMetric(Ns, "queue_depth", new ExternalSeries(L("queue", "orders"), 42m));
        async Task Grant(string user, string group, string verb)
        {
            var name = user + "-metrics";
            await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
            {
                Metadata = Objects.Meta(name),
                Rules = [new V1PolicyRule { ApiGroups = [group], Resources = ["*"], Verbs = [verb] }],
            });
            await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = Objects.Meta(name),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = user }],
            });
        }
        await Grant("alice", "custom.metrics.k8s.io", "get");
        await Grant("bob", "external.metrics.k8s.io", "list");
        using var alice = Http(sim, sim.AddUser("alice"));
        using var bob = Http(sim, sim.AddUser("bob"));
        sim.Audit.Clear();

        await Ok(alice, $"{Custom}/namespaces/{Ns}/pods/*/rps?labelSelector=app%3Dweb");
        await Ok(alice, $"{Custom}/namespaces/{Ns}/deployments.apps/web/rps");
        await Ok(alice, $"{Custom}/namespaces/{Ns}/metrics/rps");
        var (denied, status) = await Send(alice, HttpMethod.Get, $"{External}/namespaces/{Ns}/queue_depth");
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Equal("queue_depth.external.metrics.k8s.io is forbidden: User \"alice\" cannot list resource \"queue_depth\" in API group \"external.metrics.k8s.io\" in the namespace \"cm\"",
            status.GetProperty("message").GetString());
        await Ok(bob, $"{External}/namespaces/{Ns}/queue_depth?labelSelector=queue%3Dorders");
        var (bobDenied, bobStatus) = await Send(bob, HttpMethod.Get, $"{Custom}/namespaces/{Ns}/pods/*/rps");
        Assert.Equal(HttpStatusCode.Forbidden, bobDenied);
        Assert.Equal("pods.custom.metrics.k8s.io \"*\" is forbidden: User \"bob\" cannot get resource \"pods/rps\" in API group \"custom.metrics.k8s.io\" in the namespace \"cm\"",
            bobStatus.GetProperty("message").GetString());

        Assert.Equal(
        [
            ("alice", "get", "custom.metrics.k8s.io", "pods", "rps", Ns, "*", 200),
            ("alice", "get", "custom.metrics.k8s.io", "deployments.apps", "rps", Ns, "web", 200),
            ("alice", "get", "custom.metrics.k8s.io", "metrics", null, Ns, "rps", 200),
            ("alice", "list", "external.metrics.k8s.io", "queue_depth", null, Ns, null, 403),
            ("bob", "list", "external.metrics.k8s.io", "queue_depth", null, Ns, null, 200),
            ("bob", "get", "custom.metrics.k8s.io", "pods", "rps", Ns, "*", 403),
        ], sim.Audit.Snapshot().Select(r => (r.User, r.Verb, r.Group, r.Resource, r.Subresource, r.Namespace, r.Name, r.Code)));
    }
}
