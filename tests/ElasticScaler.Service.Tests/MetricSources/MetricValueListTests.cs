using System.Text.Json;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Objects;

namespace ElasticScaler.Service.Tests.MetricSources;

/// <summary>custom.metrics.k8s.io MetricValueList and external.metrics.k8s.io ExternalMetricValueList, as the APIs serve them, through Core's one mapping.</summary>
public sealed class MetricValueListTests
{
    private const string PodsList = """
        {
          "kind": "MetricValueList",
          "apiVersion": "custom.metrics.k8s.io/v1beta2",
          "metadata": {},
          "items": [
            {"describedObject": {"kind": "Pod", "namespace": "wordpress", "name": "wp-1", "apiVersion": "/v1"},
             "metric": {"name": "http_requests_per_second", "selector": null},
             "timestamp": "2026-11-24T20:10:54Z", "windowSeconds": 60, "value": "1500m"},
            {"describedObject": {"kind": "Pod", "namespace": "wordpress", "name": "wp-2", "apiVersion": "/v1"},
             "metric": {"name": "http_requests_per_second"},
             "timestamp": "2026-11-24T20:10:55Z", "value": "2"}
          ]
        }
        """;

    [Fact]
    public void A_MetricValueList_gives_each_described_object_its_value_timestamp_and_window()
    {
        using var doc = JsonDocument.Parse(PodsList);
        var read = KubernetesObjects.MetricValueList(doc.RootElement);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        var items = read.Value!;
        Assert.Equal(2, items.Count);
        Assert.Equal(("Pod", "wp-1", "http_requests_per_second"), (items[0].Kind, items[0].Name, items[0].MetricName));
        Assert.Equal(Quantity.Parse("1500m"), items[0].Value);
        Assert.Equal(DateTimeOffset.Parse("2026-11-24T20:10:54Z"), items[0].Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(60), items[0].Window);
        // No windowSeconds: HPA's default of a minute.
        Assert.Equal(TimeSpan.FromMinutes(1), items[1].Window);
        Assert.Equal(Quantity.Parse("2"), items[1].Value);
    }

    [Fact]
    public void An_empty_list_reads_as_no_items()
    {
        using var doc = JsonDocument.Parse("""{"kind":"MetricValueList","apiVersion":"custom.metrics.k8s.io/v1beta2","metadata":{},"items":[]}""");
        var read = KubernetesObjects.MetricValueList(doc.RootElement);
        Assert.True(read.Success);
        Assert.Empty(read.Value!);
    }

    [Fact]
    public void A_MetricValueList_with_bad_items_names_every_problem()
    {
        using var doc = JsonDocument.Parse("""
            {"items": [
              {"describedObject": {"kind": "Pod"}, "metric": {"name": "m"}, "timestamp": "2026-11-24T20:10:54Z", "value": "lots"},
              {"describedObject": {"kind": "Pod", "name": "wp-2"}, "metric": {"name": "m"}, "value": "1"}
            ]}
            """);
        var read = KubernetesObjects.MetricValueList(doc.RootElement);
        Assert.Null(read.Value);
        Assert.Contains("metricValueList.items[0].describedObject.name: required", read.Errors);
        Assert.Contains("metricValueList.items[0].value: \"lots\": must be a quantity such as \"500m\", \"2\" or \"1Gi\"", read.Errors);
        Assert.Contains("metricValueList.items[1].timestamp: required", read.Errors);
    }

    [Fact]
    public void A_body_without_items_is_not_a_MetricValueList()
    {
        using var doc = JsonDocument.Parse("""{"kind":"Status","status":"Failure","message":"nope"}""");
        var read = KubernetesObjects.MetricValueList(doc.RootElement);
        Assert.Contains("metricValueList.items: required", read.Errors);
    }

    [Fact]
    public void An_ExternalMetricValueList_gives_every_series_with_its_labels_and_window_in_seconds()
    {
        using var doc = JsonDocument.Parse("""
            {
              "kind": "ExternalMetricValueList",
              "apiVersion": "external.metrics.k8s.io/v1beta1",
              "metadata": {},
              "items": [
                {"metricName": "queue_depth", "metricLabels": {"queue": "orders"}, "timestamp": "2026-11-24T20:10:54Z", "window": 60, "value": "42"},
                {"metricName": "queue_depth", "metricLabels": {"queue": "refunds"}, "timestamp": "2026-11-24T20:10:54Z", "value": "8500m"}
              ]
            }
            """);
        var read = KubernetesObjects.ExternalMetricValueList(doc.RootElement);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        var items = read.Value!;
        Assert.Equal(["orders", "refunds"], items.Select(i => i.Labels["queue"]));
        Assert.Equal(TimeSpan.FromSeconds(60), items[0].Window);
        Assert.Null(items[1].Window);
        Assert.Equal(50.5m, items.Sum(i => i.Value.Value));
    }

    [Fact]
    public void An_external_window_must_be_whole_seconds_not_a_duration_text()
    {
        using var doc = JsonDocument.Parse("""{"items":[{"metricName":"q","timestamp":"2026-11-24T20:10:54Z","window":"1m","value":"1"}]}""");
        var read = KubernetesObjects.ExternalMetricValueList(doc.RootElement);
        Assert.Equal(["externalMetricValueList.items[0].window: \"1m\": must be a whole number of seconds"], read.Errors);
    }
}
