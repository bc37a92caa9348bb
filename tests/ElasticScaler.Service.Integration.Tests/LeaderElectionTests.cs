using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Two instances on the wall clock (KubernetesClient's LeaderElector reads it): one leads, the standby writes nothing, and takes over when the leader stops.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task The_standby_writes_nothing_and_takes_over_when_the_leader_stops()
    {
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Preset = "seed", Sim = new SimOptions() });
        Manifests.Apply(cluster, Manifests.Path("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        Manifests.Apply(cluster, Manifests.Path("deploy", "rbac", "cluster-role.yaml"));
        var type = cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        cluster.Api.Resources.Create(type, Scenario.Ns, Scalers.Seed(min: 24, max: 100));

        ScalerController Instance(string identity)
        {
            var o = new ControllerOptions
            {
                Kubeconfig = cluster.Api.ScalerKubeconfigPath,
                LeaderElect = true,
                SyncPeriod = TimeSpan.FromSeconds(1),
                // Generous enough that a loaded CI machine does not make the leader miss its renewals.
                LeaseDuration = TimeSpan.FromSeconds(4),
                RenewDeadline = TimeSpan.FromSeconds(3),
                RetryPeriod = TimeSpan.FromMilliseconds(400),
            };
            var metrics = new ServiceMetrics();
            return new ScalerController(KubeClientFactory.Create(o, metrics), o, TimeProvider.System, NullLoggerFactory.Instance, metrics, identity);
        }

        using var a = Instance("a");
        using var b = Instance("b");
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(stopA.Token);
        await Eventually.Until(() => a.IsLeading, "a leads");
        var runB = b.RunAsync(stopB.Token);
        await Eventually.Until(() => b.Ready, "b's caches synced");
        await Eventually.Until(() => ReplicasOf(cluster) == 24, "the leader scaled to the floor");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the standby watches all this time
        Assert.False(b.IsLeading);
        Assert.Equal((0L, 0L, 0L, 0L), (b.Actuator.ScaleWrites, b.Status.Writes, b.Events.Written, b.Syncs));

        // The floor rises while a leads; then a stops and b carries on from cluster state.
        var es = cluster.Api.Resources.Get(type, Scenario.Ns, "wordpress");
        es["spec"]!["minReplicas"] = 26;
        cluster.Api.Resources.Update(type, Scenario.Ns, "wordpress", es);
        await Eventually.Until(() => ReplicasOf(cluster) == 26, "the leader followed the new floor");
        // The sim stores the scale write before the sync that made it exports its metrics: wait for that sync to end.
        await Eventually.UntilAsync(async () => (await a.Metrics.ExportAsync(CancellationToken.None)).Contains("elasticscaler_desired_replicas{namespace=\"wordpress\",name=\"wordpress\"} 26", StringComparison.Ordinal),
            "the leader reports the new desired count");
        await stopA.CancelAsync();
        await runA.WaitAsync(TimeSpan.FromSeconds(20));
        // No longer leading, a reports no scaler's state: only the leader's values are on a dashboard.
        var after = await a.Metrics.ExportAsync(CancellationToken.None);
        Assert.DoesNotContain("elasticscaler_desired_replicas{", after);
        Assert.DoesNotContain("elasticscaler_pool_replicas{", after);
        Assert.Contains("elasticscaler_leader 0", after);
        await Eventually.Until(() => b.IsLeading, "b took over", TimeSpan.FromSeconds(30));
        es = cluster.Api.Resources.Get(type, Scenario.Ns, "wordpress");
        es["spec"]!["minReplicas"] = 28;
        cluster.Api.Resources.Update(type, Scenario.Ns, "wordpress", es);
        await Eventually.Until(() => ReplicasOf(cluster) == 28, "the new leader scales");
        // The sim stores a write before its answer reaches b, so b counts it a moment after the replicas show it.
        await Eventually.Until(() => b.Actuator.ScaleWrites > 0, "b counted its scale write");
        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private static int ReplicasOf(SimulatedCluster c)
    {
        int total = 0;
        foreach (var name in new[] { Scenario.App, TwinWorkload.NameFor(Scenario.App) })
            if (c.Api.Resources.TryGet(c.Context.Deployments, Scenario.Ns, name) is { } d) total += (int?)d["spec"]?["replicas"] ?? 0;
        return total;
    }
}
