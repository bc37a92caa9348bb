using ElasticScaler.Sim.Cluster;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>The live request path: answers held until the model's time, pods killed under it, the seed cluster served over HTTP.</summary>
public sealed class DemoAppTests
{
    [Fact]
    public async Task A_killed_pod_fails_the_request_it_was_executing_and_its_queued_one_is_retried_on_another_pod()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 14, 0, 0, TimeSpan.Zero));
        var service = new ServiceLoad(new LoadModelOptions { Retries = 1 });
        var a = new PodLoad("ns", "a", null, 1, service.Options, time.GetUtcNow());
        var b = new PodLoad("ns", "b", null, 1, service.Options, time.GetUtcNow());
        service.Set(a, ready: true);
        service.Set(b, ready: true);
        await using var app = await DemoApp.StartAsync(service, time);

        // Round-robin from the first pod after the cursor: b, a, b, a. Each takes 20 ms; the second on a pod queues.
        var requests = Enumerable.Range(0, 4).Select(_ => app.Serve(CancellationToken.None)).ToList();
        time.Advance(TimeSpan.FromMilliseconds(10));
        service.Remove("a", time.GetUtcNow());   // a dies 10 ms in: its first request is half done, its second not started
        // The retry runs on a continuation of the cancelled wait; let it be admitted on b before the clock moves on,
        // or on a busy machine its timer could start after the last advance and never fire.
        for (int i = 0; i < 1000 && b.Outstanding(time.GetUtcNow()) < 3; i++) await Task.Delay(5);
        Assert.Equal(3, b.Outstanding(time.GetUtcNow()));
        for (int i = 0; i < 10; i++) time.Advance(TimeSpan.FromMilliseconds(10));
        var results = await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(30));

        var onA = results.Where(r => r.Pod == a).ToList();
        Assert.Equal([502], onA.Select(r => r.Admission.StatusCode));
        var onB = results.Where(r => r.Pod == b).ToList();
        Assert.Equal(3, onB.Count);   // its own two and a's retried one
        Assert.All(onB, r => Assert.Equal(200, r.Admission.StatusCode));
        Assert.Equal(TimeSpan.FromMilliseconds(60), onB.Max(r => r.Admission.Latency));   // the retried one waited behind b's two
    }

    [Fact]
    public async Task The_seed_clusters_wordpress_pods_answer_over_http_once_the_kubelet_has_started_them()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Sim = new SimOptions { UseTls = false },
            Preset = "seed",
            Kubelet = new KubeletTiming { EcsStartupDelay = TimeSpan.FromMilliseconds(200), Jitter = 0 },
        });
        await using var app = await LiveWorkload.StartAsync(cluster.Api, "wordpress", "wordpress");
        for (int i = 0; i < 100 && app.Service.Ready.Count < 22; i++) await Task.Delay(100);
        Assert.Equal(22, app.Service.Ready.Count);   // the watch followed the controllers' pods to Ready

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var pods = new HashSet<string>();
        for (int i = 0; i < 22; i++)
        {
            using var response = await http.GetAsync("/");
            Assert.Equal(200, (int)response.StatusCode);
            pods.Add(response.Headers.GetValues("X-Pod").Single());
        }
        Assert.Equal(22, pods.Count);
        Assert.All(pods, p => Assert.StartsWith("wordpress-", p));
    }
}
