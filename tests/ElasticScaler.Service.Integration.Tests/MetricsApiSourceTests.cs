using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>
/// Pods, Object and External metrics read from the sim's custom.metrics.k8s.io and external.metrics.k8s.io, as HPA
/// reads them, scale the seed's WordPress: each alone, several at once (the largest proposal wins), and with one
/// failing (it blocks a scale-down, never a scale-up).
/// </summary>
public sealed class MetricsApiSourceTests
{
    private static JsonObject Scaler(params JsonObject[] metrics)
    {
        var es = Scalers.Seed(min: 2, max: 60);
        es["spec"]!["metrics"] = new JsonArray(metrics);
        return es;
    }

    private static JsonObject Target(string type, string value) =>
        type == "Value" ? new() { ["type"] = "Value", ["value"] = value } : new() { ["type"] = "AverageValue", ["averageValue"] = value };

    private static JsonObject Pods(string metric, string averageValue) => new()
    {
        ["type"] = "Pods",
        ["pods"] = new JsonObject { ["metric"] = new JsonObject { ["name"] = metric }, ["target"] = Target("AverageValue", averageValue) },
    };

    private static JsonObject Object(string apiVersion, string kind, string name, string metric, string averageValue) => new()
    {
        ["type"] = "Object",
        ["object"] = new JsonObject
        {
            ["describedObject"] = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["name"] = name },
            ["metric"] = new JsonObject { ["name"] = metric },
            ["target"] = Target("AverageValue", averageValue),
        },
    };

    private static JsonObject External(string metric, JsonObject? matchLabels, string averageValue)
    {
        var id = new JsonObject { ["name"] = metric };
        if (matchLabels is not null) id["selector"] = new JsonObject { ["matchLabels"] = matchLabels };
        return new JsonObject { ["type"] = "External", ["external"] = new JsonObject { ["metric"] = id, ["target"] = Target("AverageValue", averageValue) } };
    }

    private static int Total(Scenario s) => s.Replicas(Scenario.App) + Math.Max(0, s.Replicas("wordpress-eci"));

    private static (string? Status, string? Reason, string? Message) ScalingActive(Scenario s)
    {
        var c = s.Scaler("wordpress")?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "ScalingActive");
        return ((string?)c?["status"], (string?)c?["reason"], (string?)c?["message"]);
    }

    [Fact]
    public async Task A_Pods_metric_scales_wordpress_out_onto_ECI_under_load_and_back_in_after_it()
    {
        await using var s = await Scenario.StartAsync();
        // 600 requests a second over the app's pods against 20 per pod: 30 replicas; then 100: 5.
        s.PodMetric("http_requests_per_second", second => second < 150 ? 600 : 100);
        s.Apply(Scaler(Pods("http_requests_per_second", "20")));
        await s.RunAsync(TimeSpan.FromSeconds(150));
        Assert.Equal(30, Total(s));
        Assert.Equal(8, s.Replicas("wordpress-eci")); // 22 fit on ECS
        Assert.Equal(("True", "ValidMetricFound"), (ScalingActive(s).Status, ScalingActive(s).Reason));
        Assert.Contains("pods metric http_requests_per_second", ScalingActive(s).Message);

        await s.RunAsync(TimeSpan.FromSeconds(150));
        Assert.Equal(5, Total(s));
        Assert.Equal(0, s.Replicas("wordpress-eci")); // ECI released first
        // Each sync asked for the target's pods only: get of pods/* with the target's selector.
        Assert.Contains(s.Requests(), r => (r.Group, r.Resource, r.Name, r.Subresource, r.Verb) == ("custom.metrics.k8s.io", "pods", "*", "http_requests_per_second", "get"));
    }

    [Fact]
    public async Task Object_and_External_metrics_scale_on_the_largest_proposal_and_a_failed_one_blocks_a_scale_down_but_not_a_scale_up()
    {
        await using var s = await Scenario.StartAsync();
        var api = s.Cluster.Api;
        api.SetCustomMetric(Scenario.Ns, "services", "wordpress", "http_requests_per_second", 300);        // 300 / 20 = 15
        api.SetCustomMetric(Scenario.Ns, "deployments.apps", "wordpress", "queue_length", 240);             // 240 / 20 = 12
        api.SetCustomMetric(null, "namespaces", "wordpress", "http_requests_per_second", 200);              // 200 / 20 = 10
        void Queue(params (string Queue, string Shard, decimal Depth)[] series) =>
            api.SetExternalMetric(Scenario.Ns, "queue_depth", [.. series.Select(q => new ExternalSeries(new Dictionary<string, string> { ["queue"] = q.Queue, ["shard"] = q.Shard }, q.Depth))]);
        Queue(("orders", "1", 300), ("orders", "2", 240), ("refunds", "1", 9000));                          // orders: 540 / 30 = 18
        s.Apply(Scaler(
            Object("v1", "Service", "wordpress", "http_requests_per_second", "20"),
            Object("apps/v1", "Deployment", "wordpress", "queue_length", "20"),
            Object("v1", "Namespace", "wordpress", "http_requests_per_second", "20"),
            External("queue_depth", new JsonObject { ["queue"] = "orders" }, "30")));
        await s.RunAsync(TimeSpan.FromSeconds(90)); // past the 60 s scale-down window

        Assert.Equal(18, Total(s)); // the orders queue's two series summed, the refunds queue left out by the selector
        Assert.Contains("external metric queue_depth", ScalingActive(s).Message);
        var custom = s.Requests().Where(r => r.Group == "custom.metrics.k8s.io").Select(r => (r.Resource, r.Name, r.Subresource, r.Verb)).Distinct().ToList();
        Assert.Contains(("services", "wordpress", "http_requests_per_second", "get"), custom);
        Assert.Contains(("deployments.apps", "wordpress", "queue_length", "get"), custom);
        Assert.Contains(("metrics", "http_requests_per_second", null, "get"), custom);
        Assert.Contains(s.Requests(), r => (r.Group, r.Resource, r.Verb) == ("external.metrics.k8s.io", "queue_depth", "list"));

        api.SetCustomMetric(Scenario.Ns, "services", "wordpress", "http_requests_per_second", 600);        // 30: the largest now
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(30, Total(s));

        // The queue's metric goes away: the others propose 15, a scale-down, which the failure blocks.
        api.Metrics.RemoveExternal(Scenario.Ns, "queue_depth");
        api.SetCustomMetric(Scenario.Ns, "services", "wordpress", "http_requests_per_second", 300);
        await s.RunAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(30, Total(s));
        var (status, reason, message) = ScalingActive(s);
        Assert.Equal(("False", "FailedGetExternalMetric"), (status, reason));
        Assert.Contains("unable to get external metric queue_depth", message);
        Assert.Contains("unable to fetch metrics from external metrics API: the server could not find the metric queue_depth for namespaces", message);
        Assert.NotEmpty(s.Events("FailedGetExternalMetric"));
        Assert.True(s.Service.Metrics.MetricSourceErrors.WithLabels("external", "notfound").Value >= 1);

        // A scale-up on the metrics that were read goes ahead.
        api.SetCustomMetric(Scenario.Ns, "services", "wordpress", "http_requests_per_second", 900);        // 45
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(45, Total(s));
    }

    [Fact]
    public async Task A_metric_the_APIs_do_not_have_fails_in_HPAs_words_and_nothing_scales()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scaler(
            Pods("no_such_metric", "20"),
            Object("example.com/v1", "Widget", "gadget", "http_requests_per_second", "20"),
            External("queue_depth", null, "30")));
        await s.RunAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(22, Total(s));
        Assert.Equal(("False", "FailedGetPodsMetric"), (ScalingActive(s).Status, ScalingActive(s).Reason));
        Assert.Contains(s.Events("FailedGetPodsMetric"), e => ((string)e["message"]!).EndsWith(
            "unable to get metric no_such_metric: unable to fetch metrics from custom metrics API: the server could not find the metric no_such_metric for pods", StringComparison.Ordinal));
        Assert.Contains(s.Events("FailedGetObjectMetric"), e => ((string)e["message"]!).Contains(
            "unable to get metric http_requests_per_second on Widget gadget: unable to fetch metrics from custom metrics API: unable to map kind Widget.example.com to resource", StringComparison.Ordinal));
        Assert.Contains(s.Events("FailedGetExternalMetric"), e => ((string)e["message"]!).Contains(
            "unable to fetch metrics from external metrics API: the server could not find the metric queue_depth for namespaces", StringComparison.Ordinal));
        Assert.Contains(s.Events("FailedComputeMetricsReplicas"), e => ((string)e["message"]!).StartsWith("invalid metrics (3 invalid out of 3)", StringComparison.Ordinal));
        foreach (var source in new[] { "pods", "object", "external" })
            Assert.True(s.Service.Metrics.MetricSourceErrors.WithLabels(source, "notfound").Value >= 1, source);
    }
}
