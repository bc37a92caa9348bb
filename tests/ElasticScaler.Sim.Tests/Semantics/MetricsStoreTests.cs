using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Tests.Semantics;

/// <summary>The custom and external metrics values in process: set over published, scope and resource checks, what discovery lists.</summary>
public sealed class MetricsStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 20, 10, 54, TimeSpan.Zero);

    private static MetricsStore Store() => new(new ResourceRegistry(BuiltinKinds.All));

    [Fact]
    public void A_set_value_wins_over_the_published_one_until_it_is_removed_and_a_later_publish_does_not_overwrite_it()
    {
        var m = Store();
        m.PublishCustom("web", "pods", "p1", "rps", 3m, null, T0, 15);
        m.SetCustom("web", "pods", "p1", "rps", 42m, new Dictionary<string, string> { ["verb"] = "GET" }, T0.AddSeconds(1));
        m.PublishCustom("web", "pods", "p1", "rps", 4m, null, T0.AddSeconds(15), 15);
        var set = m.Custom("web", "pods", "p1", "rps")!;
        Assert.Equal((42m, T0.AddSeconds(1), (long?)null), (set.Value, set.At, set.WindowSeconds));
        Assert.Equal(new Dictionary<string, string> { ["verb"] = "GET" }, set.Labels);

        Assert.True(m.RemoveCustom("web", "pods", "p1", "rps"));
        Assert.False(m.RemoveCustom("web", "pods", "p1", "rps"));
        Assert.Equal((4m, 15L), (m.Custom("web", "pods", "p1", "rps")!.Value, m.Custom("web", "pods", "p1", "rps")!.WindowSeconds!.Value));
        Assert.True(m.UnpublishCustom("web", "pods", "p1", "rps"));
        Assert.Null(m.Custom("web", "pods", "p1", "rps"));
        Assert.False(m.IsCustomMetric("pods", "rps"));
    }

    [Fact]
    public void Discovery_pairs_are_distinct_and_ordered_and_a_metric_is_known_across_namespaces()
    {
        var m = Store();
        m.SetCustom("a", "services", "web", "rps", 1m, null, T0);
        m.PublishCustom("b", "services", "api", "rps", 1m, null, T0);
        m.SetCustom(null, "namespaces", "a", "rps", 1m, null, T0);
        m.SetCustom("a", "deployments.apps", "web", "latency", 1m, null, T0);
        Assert.Equal([("deployments.apps", "latency"), ("namespaces", "rps"), ("services", "rps")], m.CustomMetrics());
        Assert.True(m.IsCustomMetric("services", "rps"));
        Assert.False(m.IsCustomMetric("pods", "rps"));

        m.SetExternal("a", "queue_depth", [new ExternalSeries(new Dictionary<string, string> { ["queue"] = "orders" }, 42m)], T0, 60);
        m.SetExternal("b", "lag", [], T0);
        Assert.Equal(["lag", "queue_depth"], m.ExternalMetrics());
        Assert.Empty(m.External("b", "lag")!.Series);
        Assert.Null(m.External("b", "queue_depth"));
        Assert.True(m.RemoveExternal("a", "queue_depth"));
        Assert.Equal(["lag"], m.ExternalMetrics());
    }

    [Theory]
    [InlineData("web", "ingresses.networking.k8s.io", "main", "rps", "resource: \"ingresses.networking.k8s.io\" is no resource the sim serves")]
    [InlineData("web", "deployments", "web", "rps", "client-go's custom metrics client names it deployments.apps")]
    [InlineData(null, "pods", "p1", "rps", "ns: pods are namespaced")]
    [InlineData("web", "nodes", "n1", "rps", "ns: nodes are cluster-scoped")]
    [InlineData("web", "namespaces", "web", "rps", "ns: namespaces are cluster-scoped (a Namespace's metrics too)")]
    [InlineData("web", "pods", "*", "rps", "name: \"*\" selects objects when reading")]
    [InlineData("web", "pods", "p1", "a/b", "metric: \"a/b\" must be one non-empty path segment")]
    public void A_value_for_an_unserved_resource_or_the_wrong_scope_is_refused_naming_the_argument(string? ns, string resource, string name, string metric, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Store().SetCustom(ns, resource, name, metric, 1m, null, T0));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Labels_and_windows_are_checked_as_the_api_will_read_them()
    {
        var m = Store();
        var bad = Assert.ThrowsAny<ArgumentException>(() => m.SetCustom("web", "pods", "p", "rps", 1m, new Dictionary<string, string> { ["bad key!"] = "v" }, T0));
        Assert.Contains("labels: \"bad key!\" is not a valid label key", bad.Message);
        var window = Assert.ThrowsAny<ArgumentException>(() => m.SetExternal("web", "q", [new ExternalSeries(1m)], T0, 0));
        Assert.Contains("windowSeconds: must be a whole number of seconds above zero", window.Message);
    }
}
