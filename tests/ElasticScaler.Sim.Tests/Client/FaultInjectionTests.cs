using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using ElasticScaler.Sim.Faults;
using Polly;
using Polly.Retry;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Injected faults and the client paths that survive them: retry on 5xx, retry on conflict, re-watch after a drop, re-list after 410.</summary>
public sealed class FaultInjectionTests
{
    private static async Task<(SimCluster Sim, Kubernetes Client)> Start()
    {
        var sim = await SimCluster.StartAsync();
        return (sim, SimFixture.Client(sim.AdminKubeconfigPath));
    }

    private static ResiliencePipeline Retry(Func<HttpStatusCode, bool> retryOn, Action onRetry) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<HttpOperationException>(e => retryOn(e.Response.StatusCode)),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.Zero,
            OnRetry = _ =>
            {
                onRetry();
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    [Fact]
    public async Task A_client_that_retries_5xx_gets_through_a_burst_of_injected_internal_errors()
    {
        var (sim, c) = await Start();
        await using var _ = sim;
        using var __ = c;
        sim.Faults.Add(new FaultRule { Resource = "pods", Verb = "list", ErrorShare = 1, Count = 2 });
        var first = await Assert.ThrowsAsync<HttpOperationException>(() => c.CoreV1.ListNamespacedPodAsync("default"));
        Assert.Equal(HttpStatusCode.InternalServerError, first.Response.StatusCode);
        Assert.Contains("\"reason\":\"InternalError\"", first.Response.Content);
        var retries = 0;
        var list = await Retry(s => (int)s >= 500, () => retries++).ExecuteAsync(async ct => await c.CoreV1.ListNamespacedPodAsync("default", cancellationToken: ct));
        Assert.NotNull(list);
        Assert.Equal(1, retries);
        Assert.NotNull(await c.CoreV1.ListNamespacedConfigMapAsync("default"));
    }

    [Fact]
    public async Task A_read_modify_write_loop_survives_injected_conflicts()
    {
        var (sim, c) = await Start();
        await using var _ = sim;
        using var __ = c;
        await c.AppsV1.CreateNamespacedDeploymentAsync(Objects.Deployment("web"), "default");
        sim.Faults.Add(new FaultRule { Resource = "deployments/scale", Verb = "update", ConflictShare = 1, Count = 3 });
        var conflicts = 0;
        await Retry(s => s == HttpStatusCode.Conflict, () => conflicts++).ExecuteAsync(async ct =>
        {
            var scale = await c.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default", cancellationToken: ct);
            scale.Spec.Replicas = 7;
            await c.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", "default", cancellationToken: ct);
        });
        Assert.Equal(3, conflicts);
        Assert.Equal(7, (await c.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);
    }

    [Fact]
    public async Task A_dropped_watch_is_resumed_from_the_last_seen_version_without_losing_events()
    {
        var (sim, c) = await Start();
        await using var _ = sim;
        using var __ = c;
        var rv = (await c.CoreV1.ListNamespacedConfigMapAsync("default")).Metadata.ResourceVersion;
        sim.Faults.Add(new FaultRule { Resource = "configmaps", Verb = "watch", DropWatchAfter = TimeSpan.FromMilliseconds(300), Count = 1 });
        var seen = new List<string>();
        await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("before-drop") }, "default");
        await foreach (var (_, cm) in c.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: rv, timeoutSeconds: 10))
        {
            seen.Add(cm.Metadata.Name);
            rv = cm.Metadata.ResourceVersion;
        }
        await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = Objects.Meta("after-drop") }, "default");
        await foreach (var (_, cm) in c.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: rv, timeoutSeconds: 1))
            seen.Add(cm.Metadata.Name);
        Assert.Equal(["before-drop", "after-drop"], seen);
    }

    [Fact]
    public async Task A_forced_410_makes_the_client_relist_and_watch_from_the_new_version()
    {
        var (sim, c) = await Start();
        await using var _ = sim;
        using var __ = c;
        var rv = (await c.CoreV1.ListNamespacedPodAsync("default")).Metadata.ResourceVersion;
        sim.Faults.Add(new FaultRule { Resource = "pods", Verb = "watch", ForceGone = true, Count = 1 });
        KubernetesException? gone = null;
        await foreach (var _e in c.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: rv, timeoutSeconds: 5, onError: e => gone = e as KubernetesException))
        {
        }
        Assert.Equal(410, gone?.Status.Code);
        var relisted = await c.CoreV1.ListNamespacedPodAsync("default");
        await c.CoreV1.CreateNamespacedPodAsync(Objects.Pod("fresh"), "default");
        var events = new List<string>();
        await foreach (var (t, p) in c.CoreV1.WatchListNamespacedPodAsync("default", resourceVersion: relisted.Metadata.ResourceVersion, timeoutSeconds: 1))
            events.Add($"{t} {p.Metadata.Name}");
        Assert.Equal(["Added fresh"], events);
    }

    [Fact]
    public async Task Added_latency_delays_but_does_not_fail_requests_and_rules_can_be_cleared()
    {
        var (sim, c) = await Start();
        await using var _ = sim;
        using var __ = c;
        sim.Faults.Add(new FaultRule { Resource = "namespaces", Verb = "get", Latency = TimeSpan.FromMilliseconds(50) });
        Assert.Equal("default", (await c.CoreV1.ReadNamespaceAsync("default")).Metadata.Name);
        sim.Faults.Clear();
        Assert.Empty(sim.Faults.Rules);
    }

    [Theory]
    [InlineData(-0.1, 0, "ErrorShare")]
    [InlineData(0, 1.5, "ConflictShare")]
    public void A_fault_rule_with_a_share_outside_zero_to_one_is_refused_naming_the_field(double error, double conflict, string field)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjector().Add(new FaultRule { ErrorShare = error, ConflictShare = conflict }));
        Assert.Equal(field, e.ParamName);
    }
}
