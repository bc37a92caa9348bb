using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>The load model wired to a running sim: endpoints from the store, usage into metrics.k8s.io, the HTTP app and /metrics.</summary>
public class LiveWorkloadTests
{
    private const string Ns = "wordpress";

    internal static void CreateService(SimCluster sim) =>
        sim.Resources.Create(sim.Registry.Find("", "v1", "services")!, Ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "wordpress" },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["app"] = "wordpress" },
                ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }),
            },
        });

    internal static void CreateReadyPod(SimCluster sim, string name, string cpu, bool hold = false)
    {
        var pods = sim.Registry.Find("", "v1", "pods")!;
        var meta = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "wordpress" } };
        if (hold) meta["finalizers"] = new JsonArray("example.com/hold");
        sim.Resources.Create(pods, Ns, new JsonObject
        {
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["nodeName"] = "ecs-node-1",
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "wordpress",
                    ["image"] = "wordpress:6",
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = "512Mi" } },
                }),
            },
        });
        sim.Resources.Write(pods, Ns, name, o =>
        {
            o["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            };
            return o;
        }, null, new WriteOptions(Subresource: "status"));
    }

    private static Task<SimCluster> StartSim(TimeProvider time) =>
        SimCluster.StartAsync(new SimOptions { Preset = "seed", UseTls = false, Time = time });

    [Fact]
    public async Task A_pod_at_twice_its_capacity_shows_all_of_its_cpu_request_in_metrics_k8s_io()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 14, 0, 0, TimeSpan.Zero));
        await using var sim = await StartSim(time);
        CreateService(sim);
        CreateReadyPod(sim, "wp-1", "500m");
        var service = new ServiceLoad(new LoadModelOptions { IdleCpuMillis = 0 });
        await using var endpoints = StoreEndpoints.Start(sim.Store, time, service, Ns, "wordpress");
        using var publisher = new UsagePublisher(service, sim.Metrics, sim.Store, time);
        Assert.Equal(["wp-1"], service.Ready.Select(p => p.Name));

        // 50 rps for 15 s against 25 rps of capacity; the publisher's timer fires at 15 s.
        for (int i = 0; i < 750; i++)
        {
            service.Send(time.GetUtcNow());
            time.Advance(TimeSpan.FromMilliseconds(20));
        }
        var usage = sim.Metrics.Pod(Ns, "wp-1");
        Assert.NotNull(usage);
        Assert.InRange(usage.Value.Containers[0].CpuMillis, 490, 500);
        Assert.Equal("wordpress", usage.Value.Containers[0].Name);
        Assert.Equal(time.Start + TimeSpan.FromSeconds(15), usage.Value.At);   // the sample's timestamp is the resolution tick
        Assert.True(service.Find("wp-1")!.Outstanding(time.GetUtcNow()) > 50, "requests should queue");
        var node = sim.Metrics.Node("ecs-node-1");
        Assert.NotNull(node);
        Assert.True(node.Value.CpuMillis >= 490 + new LoadModelOptions().NodeSystemCpuMillis);
    }

    [Fact]
    public async Task Endpoints_follow_the_store_ready_pods_terminating_pods_drain_and_deleted_pods_leave()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 14, 0, 0, TimeSpan.Zero));
        await using var sim = await StartSim(time);
        CreateService(sim);
        CreateReadyPod(sim, "wp-1", "1");
        CreateReadyPod(sim, "wp-2", "1", hold: true);
        var service = new ServiceLoad(new LoadModelOptions());
        await using var endpoints = StoreEndpoints.Start(sim.Store, time, service, Ns, "wordpress");
        Assert.Equal(["wp-1", "wp-2"], service.Ready.Select(p => p.Name).Order());

        var pods = sim.Registry.Find("", "v1", "pods")!;
        sim.Resources.Delete(pods, Ns, "wp-2");   // the finalizer holds it: terminating
        endpoints.Resync();
        Assert.Equal(["wp-1"], service.Ready.Select(p => p.Name));
        Assert.NotNull(service.Find("wp-2"));    // still tracked while it drains

        sim.Resources.Delete(pods, Ns, "wp-1");
        endpoints.Resync();
        Assert.Empty(service.Ready);
        Assert.Null(service.Find("wp-1"));
        Assert.Equal(503, service.Send(time.GetUtcNow()).Admission.StatusCode);
    }

    [Fact]
    public async Task The_app_answers_over_http_round_robin_and_metrics_carry_per_pod_series()
    {
        await using var sim = await StartSim(TimeProvider.System);
        CreateService(sim);
        CreateReadyPod(sim, "wp-1", "1");
        CreateReadyPod(sim, "wp-2", "1");
        await using var app = await LiveWorkload.StartAsync(sim, Ns, "wordpress");
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var served = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            using var response = await http.GetAsync("/");
            Assert.Equal(200, (int)response.StatusCode);
            served.Add(response.Headers.GetValues("X-Pod").Single());
        }
        Assert.Equal(5, served.Count(p => p == "wp-1"));
        Assert.Equal(5, served.Count(p => p == "wp-2"));

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("demo_requests_total{pod=\"wp-1\",code=\"200\"} 5", metrics);
        Assert.Contains("demo_requests_in_flight{pod=\"wp-2\"} 0", metrics);
        Assert.Contains("demo_request_duration_seconds_bucket{pod=\"wp-1\",le=\"0.025\"} 5", metrics);
        Assert.Contains("demo_request_duration_seconds_count{pod=\"wp-2\"} 5", metrics);
    }
}
