using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>
/// pods/log over HTTP as the apiserver and kubelet answer it: text/plain, the query's tail/since/timestamps/limit,
/// the container checks and messages, follow until the pod goes, and RBAC on pods/log.
/// </summary>
public sealed class PodLogTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private HttpClient Http(string token)
    {
        var thumbprint = fx.Sim.Certificate!.Thumbprint;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        var http = new HttpClient(handler) { BaseAddress = fx.Sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private string NewNamespace()
    {
        var ns = "log-" + Guid.NewGuid().ToString("N")[..8];
        fx.Sim.Resources.Create(fx.Sim.Registry.Find("", "v1", "namespaces")!, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        return ns;
    }

    /// <summary>A pod with the given containers; on a node and with each container in <paramref name="state"/> (running or waiting) unless null.</summary>
    private void Pod(string ns, string name, string[] containers, string? state = "running", string? node = "node-1")
    {
        var pods = fx.Sim.Registry.Find("", "v1", "pods")!;
        var spec = new JsonObject { ["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject { ["name"] = c, ["image"] = "nginx" })]) };
        if (node is not null)
            spec["nodeName"] = node;
        fx.Sim.Resources.Create(pods, ns, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec });
        if (state is null)
            return;
        fx.Sim.Resources.Write(pods, ns, name, o =>
        {
            o["status"] = new JsonObject
            {
                ["phase"] = state == "running" ? "Running" : "Pending",
                ["containerStatuses"] = new JsonArray([.. containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c,
                    ["state"] = state == "running"
                        ? new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-25T10:00:00Z" } }
                        : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                })]),
            };
            return o;
        }, null, new WriteOptions(Subresource: "status"));
    }

    private static async Task<(HttpStatusCode Code, string Type, string Body)> Get(HttpClient http, string path)
    {
        using var res = await http.GetAsync(path);
        return (res.StatusCode, res.Content.Headers.ContentType?.MediaType ?? "", await res.Content.ReadAsStringAsync());
    }

    private static string Message(string statusBody) => JsonDocument.Parse(statusBody).RootElement.GetProperty("message").GetString()!;

    [Fact]
    public async Task A_running_containers_log_is_text_with_tail_since_timestamps_and_limit_bytes()
    {
        var ns = NewNamespace();
        Pod(ns, "web", ["app"]);
        var now = fx.Sim.Resources.Time.GetUtcNow();
        fx.Sim.Logs.Write(ns, "web", "app", now.AddHours(-2), "started");
        fx.Sim.Logs.Write(ns, "web", "app", now.AddMinutes(-1).AddTicks(1234567), "GET / 200");
        fx.Sim.Logs.Write(ns, "web", "app", now, "GET /x 200");
        using var http = Http(fx.Sim.AdminToken);
        var path = $"/api/v1/namespaces/{ns}/pods/web/log";
        Assert.Equal((HttpStatusCode.OK, "text/plain", "started\nGET / 200\nGET /x 200\n"), await Get(http, path));
        Assert.Equal("GET / 200\nGET /x 200\n", (await Get(http, path + "?tailLines=2")).Body);
        Assert.Equal("", (await Get(http, path + "?tailLines=0")).Body);
        Assert.Equal("GET / 200\nGET /x 200\n", (await Get(http, path + "?sinceSeconds=3600")).Body);
        var sinceTime = Uri.EscapeDataString(now.AddMinutes(-30).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("GET / 200\nGET /x 200\n", (await Get(http, path + "?sinceTime=" + sinceTime)).Body);
        Assert.Equal("start", (await Get(http, path + "?limitBytes=5")).Body);
        var stamped = (await Get(http, path + "?timestamps=true&tailLines=2&container=app")).Body.Split('\n');
        var expected = now.AddMinutes(-1).AddTicks(1234567).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"{expected}00Z GET / 200", stamped[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z GET /x 200$", stamped[1]);
    }

    [Fact]
    public async Task Container_choice_and_state_get_the_apiservers_and_kubelets_400s()
    {
        var ns = NewNamespace();
        Pod(ns, "two", ["app", "sidecar"]);
        Pod(ns, "starting", ["app"], state: "waiting");
        Pod(ns, "admitted-not-yet", ["app"], state: null);
        using var http = Http(fx.Sim.AdminToken);
        var cases = new (string Path, string Message)[]
        {
            ($"/api/v1/namespaces/{ns}/pods/two/log?container=nope", "container nope is not valid for pod two"),
            ($"/api/v1/namespaces/{ns}/pods/two/log", "a container name must be specified for pod two, choose one of: [app sidecar]"),
            ($"/api/v1/namespaces/{ns}/pods/starting/log", "container \"app\" in pod \"starting\" is waiting to start: ContainerCreating"),
            ($"/api/v1/namespaces/{ns}/pods/admitted-not-yet/log", "container \"app\" in pod \"admitted-not-yet\" is not available"),
            ($"/api/v1/namespaces/{ns}/pods/two/log?container=app&previous=true", "previous terminated container \"app\" in pod \"two\" not found"),
        };
        foreach (var (path, message) in cases)
        {
            var (code, _, body) = await Get(http, path);
            Assert.Equal((HttpStatusCode.BadRequest, message), (code, Message(body)));
        }
        var missing = await Get(http, $"/api/v1/namespaces/{ns}/pods/nobody/log");
        Assert.Equal((HttpStatusCode.NotFound, "pods \"nobody\" not found"), (missing.Code, Message(missing.Body)));
    }

    [Fact]
    public async Task A_pod_no_node_runs_yet_answers_an_empty_log_as_the_apiserver_does()
    {
        var ns = NewNamespace();
        Pod(ns, "pending", ["app"], state: null, node: null);
        using var http = Http(fx.Sim.AdminToken);
        Assert.Equal((HttpStatusCode.OK, ""), await Get(http, $"/api/v1/namespaces/{ns}/pods/pending/log?follow=true") is var r ? (r.Code, r.Body) : default);
    }

    [Theory]
    [InlineData("tailLines=-1", "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("limitBytes=0", "PodLogOptions \"web\" is invalid: limitBytes: Invalid value: 0: must be greater than 0")]
    [InlineData("sinceSeconds=0", "PodLogOptions \"web\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData("sinceSeconds=5&sinceTime=2026-11-25T10:00:00Z", "PodLogOptions \"web\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified")]
    public async Task Out_of_range_options_are_the_apiservers_422(string query, string message)
    {
        var ns = NewNamespace();
        Pod(ns, "web", ["app"]);
        using var http = Http(fx.Sim.AdminToken);
        var (code, _, body) = await Get(http, $"/api/v1/namespaces/{ns}/pods/web/log?{query}");
        Assert.Equal(((HttpStatusCode)422, message), (code, Message(body)));
    }

    [Fact]
    public async Task Follow_streams_new_lines_as_they_are_written_and_ends_when_the_pod_is_deleted()
    {
        var ns = NewNamespace();
        Pod(ns, "web", ["app"]);
        fx.Sim.Logs.Write(ns, "web", "app", fx.Sim.Resources.Time.GetUtcNow(), "first");
        using var http = Http(fx.Sim.AdminToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var res = await http.GetAsync($"/api/v1/namespaces/{ns}/pods/web/log?follow=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await res.Content.ReadAsStreamAsync(timeout.Token));
        Assert.Equal("first", await reader.ReadLineAsync(timeout.Token));
        fx.Sim.Logs.Write(ns, "web", "app", fx.Sim.Resources.Time.GetUtcNow(), "second");
        Assert.Equal("second", await reader.ReadLineAsync(timeout.Token));
        fx.Sim.Resources.Delete(fx.Sim.Registry.Find("", "v1", "pods")!, ns, "web", DeleteOptions.Default);
        Assert.Null(await reader.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task Reading_a_log_needs_get_on_pods_log()
    {
        var ns = NewNamespace();
        Pod(ns, "web", ["app"]);
        var roles = fx.Sim.Registry.Find("rbac.authorization.k8s.io", "v1", "roles")!;
        var bindings = fx.Sim.Registry.Find("rbac.authorization.k8s.io", "v1", "rolebindings")!;
        fx.Sim.Resources.Create(roles, ns, JsonNode.Parse("""{"metadata":{"name":"pod-reader"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""")!.AsObject());
        fx.Sim.Resources.Create(roles, ns, JsonNode.Parse("""{"metadata":{"name":"log-reader"},"rules":[{"apiGroups":[""],"resources":["pods/log"],"verbs":["get"]}]}""")!.AsObject());
        fx.Sim.Resources.Create(bindings, ns, JsonNode.Parse("""{"metadata":{"name":"pods"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"},"subjects":[{"kind":"User","name":"pod-user"},{"kind":"User","name":"log-user"}]}""")!.AsObject());
        fx.Sim.Resources.Create(bindings, ns, JsonNode.Parse("""{"metadata":{"name":"logs"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"log-reader"},"subjects":[{"kind":"User","name":"log-user"}]}""")!.AsObject());
        using var pods = Http(fx.Sim.AddUser("pod-user"));
        var denied = await Get(pods, $"/api/v1/namespaces/{ns}/pods/web/log");
        Assert.Equal((HttpStatusCode.Forbidden, $"pods \"web\" is forbidden: User \"pod-user\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"{ns}\""),
            (denied.Code, Message(denied.Body)));
        using var logs = Http(fx.Sim.AddUser("log-user"));
        Assert.Equal(HttpStatusCode.OK, (await Get(logs, $"/api/v1/namespaces/{ns}/pods/web/log")).Code);
    }
}
