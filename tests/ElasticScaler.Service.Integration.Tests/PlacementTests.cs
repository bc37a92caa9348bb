using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The twin design through the service: Ratio and Fixed splits, pending ECS pods moved to ECI, drain-back, the twin following the target's template.</summary>
public sealed class PlacementTests
{
    private const string Twin = "wordpress-eci";

    [Fact]
    public async Task Ratio_holds_its_split_as_the_total_moves()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 10, max: 100, placement: Scalers.Ratio(ecs: 70, eci: 30)));
        s.Load(second => second < 150 ? 3 : 9); // 22 at the start, 10 after the scale-down window, then 30
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((15, 7), (s.Replicas(Scenario.App), s.Replicas(Twin))); // the seed's 22, split at once
        await s.RunAsync(TimeSpan.FromSeconds(110));
        Assert.Equal((7, 3), (s.Replicas(Scenario.App), s.Replicas(Twin)));
        await s.RunAsync(TimeSpan.FromMinutes(3));
        // ~30 by the metric; whatever the total, ECS is its 70% rounded half up and ECI the rest.
        int total = s.Replicas(Scenario.App) + s.Replicas(Twin);
        Assert.InRange(total, 26, 34); // HPA's 10% tolerance leaves 28..33 stable around 30
        Assert.Equal(((2 * total * 70) + 100) / 200, s.Replicas(Scenario.App));
        var (_, eci, _) = s.Pools();
        Assert.Equal(s.Replicas(Twin), eci);
    }

    [Fact]
    public async Task Fixed_keeps_its_count_on_ECS_and_the_rest_on_ECI()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 10, max: 100, placement: Scalers.Fixed(ecs: 12)));
        s.Load(second => second < 150 ? 3 : 9);
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((12, 10), (s.Replicas(Scenario.App), s.Replicas(Twin)));
        await s.RunAsync(TimeSpan.FromSeconds(110));
        Assert.Equal((10, 0), (s.Replicas(Scenario.App), s.Replicas(Twin)));
        await s.RunAsync(TimeSpan.FromMinutes(3));
        // ~30 by the metric (HPA's count depends on when the new pods' samples land); ECS holds 12 whatever the total.
        int total = s.Replicas(Scenario.App) + s.Replicas(Twin);
        Assert.InRange(total, 26, 34); // HPA's 10% tolerance leaves 28..33 stable around 30
        Assert.Equal((12, total - 12), (s.Replicas(Scenario.App), s.Replicas(Twin)));
    }

    [Fact]
    public async Task ECS_pods_pending_past_the_timeout_move_to_ECI()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100));
        s.Load(_ => 6);
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((22, 0, 0), s.Pools());

        // One ECS node goes away: its eleven pods come back Pending, with no room anywhere on ECS.
        var node = s.AppPods().Select(p => (string?)p["spec"]?["nodeName"]).First(n => n is not null && !n.StartsWith("virtual", StringComparison.Ordinal))!;
        s.Cluster.Nodes.Remove(node);
        s.Cluster.Settle();
        await s.RunAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(11, s.Pools().Pending);

        await s.RunAsync(TimeSpan.FromSeconds(60)); // pendingTimeoutSeconds is 20, then a sync
        var (ecs, eci, pending) = s.Pools();
        Assert.Equal((11, 11, 0), (ecs, eci, pending));
        Assert.Equal((11, 11), (s.Replicas(Scenario.App), s.Replicas(Twin)));
    }

    [Fact]
    public async Task ECI_replicas_drain_back_to_a_new_ECS_node_make_before_break()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 30, max: 100, placement: Scalers.EcsFirst(drainBack: true, drainAfter: 60)));
        s.Load(_ => 6);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((22, 8), (s.Replicas(Scenario.App), s.Replicas(Twin)));

        s.Cluster.Nodes.AddNodes(Sim.Cluster.Presets.SeedPreset.EcsPool, 1);
        int minReady = int.MaxValue;
        for (int i = 0; i < 180; i++)
        {
            await s.RunAsync(TimeSpan.FromSeconds(1));
            minReady = Math.Min(minReady, ReadyPods(s));
        }
        Assert.Equal((30, 0), (s.Replicas(Scenario.App), s.Replicas(Twin)));
        Assert.Equal((30, 0, 0), s.Pools());
        Assert.True(minReady >= 30, $"Ready pods dipped to {minReady} during the move: not make-before-break");
        Assert.True(s.Events("DrainedBack").Count > 0, string.Join(" | ", s.Events().Where(e => (string?)e["involvedObject"]?["kind"] == "ElasticScaler").Select(e => $"{e["reason"]}: {e["message"]}")));
    }

    [Fact]
    public async Task A_template_change_on_the_target_rolls_the_twin()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 30, max: 100));
        s.Load(_ => 6);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        var hash = Annotation(s);

        s.Api.Patch(s.Cluster.Context.Deployments, Scenario.Ns, Scenario.App, ResourceService.MergePatch, new JsonObject
        {
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["release"] = "2" } } } },
        });
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(hash, Annotation(s));
        var twin = s.Api.TryGet(s.Cluster.Context.Deployments, Scenario.Ns, Twin)!;
        Assert.Equal("2", (string?)twin["spec"]!["template"]!["metadata"]!["annotations"]!["release"]);
        Assert.Equal(8, (int?)twin["spec"]!["replicas"]);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        Assert.All(s.AppPods().Where(Scenario.OnVirtualNode), p => Assert.Equal("2", (string?)p["metadata"]!["annotations"]?["release"]));
        Assert.NotEmpty(s.Events("EciWorkloadUpdated"));
    }

    [Fact]
    public async Task The_services_eci_options_shape_the_twins_pods_and_a_change_of_them_re_templates_the_twin()
    {
        await using var s = await Scenario.StartAsync(o =>
        {
            o.EciTolerations = [.. o.EciTolerations, new Core.Spec.Toleration { Key = "spot", Operator = "Exists" }];
            o.EciPodLabels = new Dictionary<string, string> { ["billing"] = "burst" };
            o.EciPodLabelsWhen = EciPodLabelsWhen.Always;
        });
        s.Apply(Scalers.Seed(min: 26, max: 100)); // 22 fit on ECS: 4 on the virtual node
        s.Load(_ => 6);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        var pod = s.Api.TryGet(s.Cluster.Context.Deployments, Scenario.Ns, Twin)!["spec"]!["template"]!;
        Assert.Equal("burst", (string?)pod["metadata"]!["labels"]!["billing"]);
        Assert.Null(pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]); // the labels option replaced ACK's
        Assert.Contains(pod["spec"]!["tolerations"]!.AsArray(), t => (string?)t!["key"] == "spot");
        Assert.Equal("virtual-kubelet", (string?)pod["spec"]!["nodeSelector"]!["type"]);
        var eciPods = s.AppPods().Where(Scenario.OnVirtualNode).ToList();
        Assert.Equal(4, eciPods.Count);
        Assert.All(eciPods, p => Assert.Equal("burst", (string?)p["metadata"]!["labels"]!["billing"]));

        // The same cluster under the default options: the next leader re-templates the twin, and it rolls.
        var hash = Annotation(s);
        await s.StopServiceAsync();
        s.StartService();
        await s.WaitSyncedAsync();
        await s.RunAsync(TimeSpan.FromMinutes(1));
        Assert.NotEqual(hash, Annotation(s));
        pod = s.Api.TryGet(s.Cluster.Context.Deployments, Scenario.Ns, Twin)!["spec"]!["template"]!;
        Assert.Equal("true", (string?)pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]); // the sim's virtual node is ACK's
        Assert.Null(pod["metadata"]!["labels"]!["billing"]);
        var rolled = s.AppPods().Where(Scenario.OnVirtualNode).Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        Assert.Equal(4, rolled.Count);
        Assert.All(rolled, p => Assert.Equal("true", (string?)p["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]));
    }

    [Fact]
    public async Task Deleting_the_scaler_hands_every_replica_back_to_the_target()
    {
        await using var s = await Scenario.StartAsync(pools: null);
        s.Apply(Scalers.Seed(min: 30, max: 100));
        s.Load(_ => 6);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        Assert.Equal((22, 8), (s.Replicas(Scenario.App), s.Replicas(Twin)));
        s.Cluster.Nodes.AddNodes(Sim.Cluster.Presets.SeedPreset.EcsPool, 1); // room for the handed-back pods

        var type = s.Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        s.Api.Delete(type, Scenario.Ns, "wordpress");
        int minReady = int.MaxValue;
        for (int i = 0; i < 120 && s.Scaler("wordpress") is not null; i++)
        {
            await s.RunAsync(TimeSpan.FromSeconds(1));
            minReady = Math.Min(minReady, ReadyPods(s));
        }
        Assert.True(s.Scaler("wordpress") is null, $"still there: {s.Scaler("wordpress")?["metadata"]?.ToJsonString()}; target {s.Replicas(Scenario.App)}, twin {s.Replicas(Twin)}; events: "
            + string.Join(" | ", s.Events().Select(e => $"{e["reason"]}: {e["message"]}")));
        Assert.Equal(30, s.Replicas(Scenario.App));
        Assert.Equal(-1, s.Replicas(Twin)); // deleted
        Assert.True(minReady >= 30, $"Ready pods dipped to {minReady} while handing back");
    }

    private static string? Annotation(Scenario s) =>
        (string?)s.Api.TryGet(s.Cluster.Context.Deployments, Scenario.Ns, Twin)?["metadata"]?["annotations"]?[TwinWorkload.TemplateHashAnnotation];

    private static int ReadyPods(Scenario s) => s.AppPods().Count(p =>
        p["metadata"]?["deletionTimestamp"] is null &&
        (p["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true);
}
