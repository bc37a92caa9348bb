using System.Text.Json.Nodes;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Bad input is never acted on, gets its condition and a Warning event, and the other scalers keep being served.</summary>
public sealed class BadInputTests
{
    private static (string? Status, string? Reason, string? Message) Condition(Scenario s, string name, string type)
    {
        var c = s.Scaler(name)?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);
        return ((string?)c?["status"], (string?)c?["reason"], (string?)c?["message"]);
    }

    [Fact]
    public async Task An_invalid_spec_names_every_field_and_the_valid_scaler_beside_it_still_scales()
    {
        await using var s = await Scenario.StartAsync();
        var bad = Scalers.Seed(name: "broken", target: "wordpress");
        bad["spec"]!["behavior"] = new JsonObject { ["panic"] = new JsonObject { ["enabled"] = true, ["window"] = "soon" } };
        bad["spec"]!["schedules"] = new JsonArray(new JsonObject { ["name"] = "x", ["start"] = "0 30 25 * * ?", ["duration"] = "1h", ["minReplicas"] = 40 });
        s.Apply(bad);
        await s.RunAsync(TimeSpan.FromSeconds(20));

        var (status, reason, message) = Condition(s, "broken", "ScalingActive");
        Assert.Equal(("False", "InvalidSpec"), (status, reason));
        Assert.Contains("spec.behavior.panic.window", message);
        Assert.Contains("spec.schedules[0].start", message);
        var ev = Assert.Single(s.Events("InvalidSpec")); // one event, its count moved at each sync (client-go's recorder)
        Assert.Equal("Warning", (string?)ev["type"]);
        Assert.True((int?)ev["count"] >= 2, $"count {(int?)ev["count"]}");
        Assert.Contains("spec.schedules[0].start", (string?)ev["message"]);
        Assert.Equal(22, s.Replicas(Scenario.App)); // never acted on
        // Its syncs count as errors of the spec, and not also as successes.
        var metrics = await s.Service.Metrics.ExportAsync(CancellationToken.None);
        Assert.Matches(@"elasticscaler_reconciles_total\{result=""error"",error=""spec""\} [1-9]", metrics);
        Assert.DoesNotContain("result=\"ok\"", metrics);
    }

    [Fact]
    public async Task A_missing_target_is_FailedGetScale_and_creating_it_starts_scaling()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(name: "shop", target: "shop", min: 2, max: 5));
        await s.RunAsync(TimeSpan.FromSeconds(20));
        var (status, reason, message) = Condition(s, "shop", "AbleToScale");
        Assert.Equal(("False", "FailedGetScale"), (status, reason));
        Assert.Contains("\"shop\" not found", message);
        Assert.NotEmpty(s.Events("FailedGetScale"));
    }

    [Fact]
    public async Task Two_scalers_on_one_target_are_both_AmbiguousSelector_and_neither_scales()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(name: "first", min: 30));
        s.Apply(Scalers.Seed(name: "second", min: 40));
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("False", "AmbiguousSelector"), TupleExtensions.Slice(Condition(s, "first", "ScalingActive")));
        Assert.Equal(("False", "AmbiguousSelector"), TupleExtensions.Slice(Condition(s, "second", "ScalingActive")));
        Assert.Contains("[wordpress/first wordpress/second]", Condition(s, "first", "ScalingActive").Message);
        Assert.Equal(22, s.Replicas(Scenario.App));

        var type = s.Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        s.Api.Delete(type, Scenario.Ns, "second");
        await s.RunAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(30, s.Replicas(Scenario.App) + Math.Max(0, s.Replicas("wordpress-eci")));
    }

    [Fact]
    public async Task A_scale_target_with_an_empty_selector_is_InvalidSelector()
    {
        await using var s = await Scenario.StartAsync();
        // A custom resource with a scale subresource but no labelSelectorPath: its Scale has no status.selector.
        Manifests.Apply(s.Cluster, Manifests.Path("tests", "ElasticScaler.Service.Integration.Tests", "Data", "widgets-crd.yaml"));
        var widgets = s.Cluster.Api.Registry.FindByKind("example.com/v1", "Widget")!;
        s.Api.Create(widgets, Scenario.Ns, new JsonObject
        {
            ["apiVersion"] = "example.com/v1", ["kind"] = "Widget",
            ["metadata"] = new JsonObject { ["name"] = "gadget" },
            ["spec"] = new JsonObject { ["replicas"] = 3 },
        });
        var es = Scalers.Seed(name: "gadget", target: "gadget", min: 1, max: 10);
        es["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["name"] = "gadget" };
        es["spec"]!.AsObject().Remove("placement");
        s.Apply(es);
        await s.RunAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(("False", "InvalidSelector"), TupleExtensions.Slice(Condition(s, "gadget", "ScalingActive")));
        Assert.Equal(3, (int?)s.Api.TryGet(widgets, Scenario.Ns, "gadget")!["spec"]!["replicas"]);
    }

    [Fact]
    public async Task A_kind_without_a_scale_subresource_is_FailedGetScale_naming_the_ref()
    {
        await using var s = await Scenario.StartAsync();
        var es = Scalers.Seed(name: "cm", min: 1, max: 3);
        es["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "settings" };
        s.Apply(es);
        await s.RunAsync(TimeSpan.FromSeconds(20));
        var (status, reason, message) = Condition(s, "cm", "AbleToScale");
        Assert.Equal(("False", "FailedGetScale"), (status, reason));
        Assert.Contains("spec.scaleTargetRef", message);
    }
}

internal static class TupleExtensions
{
    public static (string? Status, string? Reason) Slice((string? Status, string? Reason, string? Message) t) => (t.Status, t.Reason);
}
