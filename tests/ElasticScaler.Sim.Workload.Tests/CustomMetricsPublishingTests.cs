using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>
/// The demo app's custom metrics on a fake clock, read back through custom.metrics.k8s.io: each pod's request rate
/// and in-flight count, the Service's and the namespace's sums, a new window each tick, and an admin override.
/// </summary>
public class CustomMetricsPublishingTests
{
    private const string Ns = "wordpress";
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);

    private static void CreateService(SimCluster sim) =>
        sim.Resources.Create(sim.Registry.Find("", "v1", "services")!, Ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "wordpress" },
            ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["app"] = "wordpress" }, ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) },
        });

    private static void CreateReadyPod(SimCluster sim, string name)
    {
        var pods = sim.Registry.Find("", "v1", "pods")!;
        sim.Resources.Create(pods, Ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "wordpress" } },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "wordpress",
                    ["image"] = "wordpress:6",
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "500m" } },
                }),
            },
        });
        sim.Resources.Write(pods, Ns, name, o =>
        {
            o["status"] = new JsonObject { ["phase"] = "Running", ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) };
            return o;
        }, null, new WriteOptions(Subresource: "status"));
    }

    private static HttpClient Http(SimCluster sim)
    {
        var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sim.AdminToken);
        return http;
    }

    /// <summary>(name, value, windowSeconds, timestamp) of each item of a MetricValueList read over HTTP.</summary>
    private static async Task<(string Name, string Value, int Window, string At)[]> Read(HttpClient http, string path)
    {
        using var res = await http.GetAsync("/apis/custom.metrics.k8s.io/v1beta2" + path);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.IsSuccessStatusCode, $"GET {path}: {(int)res.StatusCode} {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("describedObject").GetProperty("name").GetString()!, i.GetProperty("value").GetString()!,
            i.GetProperty("windowSeconds").GetInt32(), i.GetProperty("timestamp").GetString()!))];
    }

    [Fact]
    public async Task Each_tick_publishes_the_requests_per_second_and_in_flight_of_every_pod_and_the_sums_for_the_service_and_namespace()
    {
        var time = new FakeTimeProvider(T0);
        await using var sim = await SimCluster.StartAsync(new SimOptions { UseTls = false, Time = time });
        sim.Resources.Create(sim.Registry.Find("", "v1", "namespaces")!, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Ns } });
        CreateService(sim);
        CreateReadyPod(sim, "wp-1");
        CreateReadyPod(sim, "wp-2");
        var service = new ServiceLoad(new LoadModelOptions());
        await using var endpoints = StoreEndpoints.Start(sim.Store, time, service, Ns, "wordpress");
        using var publisher = new UsagePublisher(service, sim.Metrics, sim.Store, time, new ServiceObject(Ns, "wordpress"));
        var wp1 = service.Find("wp-1")!;
        var wp2 = service.Find("wp-2")!;
        void At(double seconds) => time.SetUtcNow(T0 + TimeSpan.FromSeconds(seconds));

        // Window 1 (0..15 s): wp-1 gets 15 spaced requests and then 5 at once at 14.99 s, which are still queued at the
        // tick (40 ms each at 500m); wp-2 gets 10 spaced ones.
        for (int i = 0; i < 15; i++)
        {
            At(i + 0.5);
            wp1.Admit(time.GetUtcNow());
            if (i < 10) wp2.Admit(time.GetUtcNow());
        }
        At(14.99);
        for (int i = 0; i < 5; i++) wp1.Admit(time.GetUtcNow());
        At(15);   // the publisher's timer fires

        using var http = Http(sim);
        Assert.Equal([("wp-1", "1333m", 15, "2026-11-10T14:00:15Z"), ("wp-2", "666m", 15, "2026-11-10T14:00:15Z")],
            await Read(http, $"/namespaces/{Ns}/pods/*/http_requests_per_second?labelSelector=app%3Dwordpress"));   // 20/15 and 10/15, in milli-units
        Assert.Equal([("wp-1", "5", 15, "2026-11-10T14:00:15Z"), ("wp-2", "0", 15, "2026-11-10T14:00:15Z")],
            await Read(http, $"/namespaces/{Ns}/pods/*/requests_in_flight"));
        Assert.Equal([("wordpress", "2", 15, "2026-11-10T14:00:15Z")], await Read(http, $"/namespaces/{Ns}/services/wordpress/http_requests_per_second"));
        Assert.Equal([("wordpress", "5", 15, "2026-11-10T14:00:15Z")], await Read(http, $"/namespaces/{Ns}/services/wordpress/requests_in_flight"));
        Assert.Equal([("wordpress", "2", 15, "2026-11-10T14:00:15Z")], await Read(http, $"/namespaces/{Ns}/metrics/http_requests_per_second"));

        // Window 2 (15..30 s): only wp-2 gets 3 requests; the rate is of this window alone and the queue has drained.
        for (int i = 0; i < 3; i++)
        {
            At(20 + i);
            wp2.Admit(time.GetUtcNow());
        }
        At(30);
        Assert.Equal([("wp-1", "0", 15, "2026-11-10T14:00:30Z"), ("wp-2", "200m", 15, "2026-11-10T14:00:30Z")],
            await Read(http, $"/namespaces/{Ns}/pods/*/http_requests_per_second"));
        Assert.Equal(["0", "0"], (await Read(http, $"/namespaces/{Ns}/pods/*/requests_in_flight")).Select(i => i.Value));
        Assert.Equal("200m", (await Read(http, $"/namespaces/{Ns}/services/wordpress/http_requests_per_second")).Single().Value);

        // A value set through the admin API overrides the app's for that pod across ticks; deleting it shows the app's again.
        using (var put = await http.PutAsync($"/sim/metrics/custom/namespaces/{Ns}/pods/wp-1/http_requests_per_second",
            new StringContent("{\"value\":\"42\"}", Encoding.UTF8, "application/json")))
            Assert.True(put.IsSuccessStatusCode);
        At(45);
        Assert.Equal("42", sim.Metrics.Custom(Ns, "pods", "wp-1", "http_requests_per_second")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var delete = await http.DeleteAsync($"/sim/metrics/custom/namespaces/{Ns}/pods/wp-1/http_requests_per_second"))
            Assert.True(delete.IsSuccessStatusCode);
        Assert.Equal((0m, T0.AddSeconds(45)), (sim.Metrics.Custom(Ns, "pods", "wp-1", "http_requests_per_second")!.Value, sim.Metrics.Custom(Ns, "pods", "wp-1", "http_requests_per_second")!.At));

        // A pod that leaves the Service stops being published.
        sim.Resources.Delete(sim.Registry.Find("", "v1", "pods")!, Ns, "wp-2");
        endpoints.Resync();
        At(60);
        Assert.Null(sim.Metrics.Custom(Ns, "pods", "wp-2", "http_requests_per_second"));
        Assert.Equal(["wp-1"], (await Read(http, $"/namespaces/{Ns}/pods/*/http_requests_per_second")).Select(i => i.Name));
    }

    [Fact]
    public void The_rate_counts_every_request_that_reached_the_pod_even_a_full_queue_refused_and_none_after_it_was_killed()
    {
        var options = new LoadModelOptions { QueueLimit = 2 };
        var pod = new PodLoad(Ns, "wp-1", null, 0.5, options, T0);
        for (int i = 0; i < 6; i++) pod.Admit(T0.AddSeconds(1));   // 2 admitted, 4 refused with 503 (queue full)
        pod.Kill(T0.AddSeconds(2));
        pod.Admit(T0.AddSeconds(3));
        var sample = pod.Sample(T0.AddSeconds(10));
        Assert.Equal((6L, 0, TimeSpan.FromSeconds(10), 0.6m), (sample.Arrivals, sample.InFlight, sample.Window, sample.ArrivalsPerSecond));
        Assert.Equal(0.333m, PodSample.PerSecond(5, TimeSpan.FromSeconds(15)));
    }
}
