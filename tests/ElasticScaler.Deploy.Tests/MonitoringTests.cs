using System.Text.Json.Nodes;

namespace ElasticScaler.Deploy.Tests;

/// <summary>deploy/monitoring as kustomize builds it: apart from the base, a ServiceMonitor for the metrics Service, the dashboard as a Grafana sidecar ConfigMap.</summary>
public sealed class MonitoringTests
{
    [SkippableFact]
    public void The_servicemonitor_scrapes_the_metrics_service_and_the_dashboard_ships_as_a_sidecar_configmap()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        var monitoring = Kubectl.Kustomize("deploy", "monitoring");
        var baseObjects = Kubectl.Kustomize("deploy");
        Assert.DoesNotContain(baseObjects, o => (string?)o["kind"] == "ServiceMonitor"); // the base applies without the Prometheus Operator

        var service = Built.One(baseObjects, "Service", "elasticscaler-metrics");
        var monitor = Built.One(monitoring, "ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", (string?)monitor["apiVersion"]);
        Assert.All(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), kv => Assert.Equal(Built.Text(kv.Value), Built.Text(service["metadata"]!["labels"]![kv.Key])));
        Assert.Contains((string?)service["metadata"]!["namespace"], monitor["spec"]!["namespaceSelector"]!["matchNames"]!.AsArray().Select(n => (string?)n));
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Equal(("metrics", "/metrics"), ((string?)endpoint["port"], (string?)endpoint["path"]));
        Assert.Contains("metrics", service["spec"]!["ports"]!.AsArray().Select(p => (string?)p!["name"]));

        var configMap = Built.One(monitoring, "ConfigMap", "elasticscaler-dashboard");
        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        var shipped = JsonNode.Parse((string)configMap["data"]!["elasticscaler.json"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Repo.Path("deploy", "monitoring", "dashboard.json"))), shipped));
        Assert.Equal("elasticscaler", (string?)shipped!["uid"]);
    }
}
