using System.Text.Json.Nodes;

namespace ElasticScaler.Deploy.Tests;

/// <summary>
/// deploy/monitoring: every query of the Grafana dashboard reads names the running service exports (its /metrics,
/// scraped after the install scenario), and each one evaluates in a real Prometheus scraping it.
/// </summary>
[Collection(nameof(InstalledCollection))]
public sealed class DashboardTests(InstalledCluster cluster)
{
    private static readonly JsonNode Dashboard = JsonNode.Parse(File.ReadAllText(Repo.Path("deploy", "monitoring", "dashboard.json")))!;

    /// <summary>Panels whose query may rightly be empty after a healthy run: no API errors, no watch restarts.</summary>
    private static readonly HashSet<string> MayBeEmpty = ["Kubernetes API errors", "Watch restarts"];

    /// <summary>Every panel target's PromQL, by panel title.</summary>
    private static IEnumerable<(string Panel, string Expr)> Targets() =>
        Dashboard["panels"]!.AsArray().Where(p => (string?)p!["type"] != "row")
            .SelectMany(p => p!["targets"]!.AsArray().Select(t => ((string)p["title"]!, (string)t!["expr"]!)));

    private static IEnumerable<string> Variables() =>
        Dashboard["templating"]!["list"]!.AsArray().Where(v => (string?)v!["type"] == "query").Select(v => (string)v!["query"]!["query"]!);

    private async Task<string> ScrapeAsync()
    {
        Skip.If(cluster.Skipped, Kubectl.Missing);
        using var http = new HttpClient { BaseAddress = cluster.MetricsAddress };
        return await http.GetStringAsync("/metrics");
    }

    [SkippableFact]
    public async Task Every_metric_the_dashboard_reads_is_one_the_running_service_exports()
    {
        var exported = PromQl.Exported(await ScrapeAsync());
        var read = Targets().Select(t => t.Expr).Concat(Variables()).SelectMany(PromQl.MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(read);
        var missing = read.Where(n => !exported.Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "the dashboard reads names the service does not export: " + string.Join(", ", missing));

        // And it shows what it promises: replicas by pool, desired and current, metric against target, scale events,
        // ECI and cost, reconcile latency and API errors.
        foreach (var name in new[]
        {
            "elasticscaler_pool_replicas", "elasticscaler_desired_replicas", "elasticscaler_current_replicas", "elasticscaler_metric_value",
            "elasticscaler_metric_target", "elasticscaler_scale_events_total", "elasticscaler_estimated_cost_usd_per_hour",
            "elasticscaler_reconcile_duration_seconds_bucket", "elasticscaler_api_requests_total",
        })
            Assert.Contains(name, read);
    }

    [SkippableFact]
    public async Task Every_panel_query_evaluates_in_a_prometheus_scraping_the_service_and_shows_data()
    {
        await ScrapeAsync();
        Skip.If(cluster.Prometheus is null, $"{Prometheus.Binary} is absent (apt-get install prometheus); the names are checked against /metrics");
        var targets = Targets().Select(t => (t.Panel, Expr: Grafana(t.Expr))).Concat(Variables().Select(v => ("variable", Grafana(v)))).ToList();
        foreach (var (panel, expr) in targets)
        {
            // label_values() is Grafana's; the selector inside it is PromQL.
            var promql = expr.StartsWith("label_values(", StringComparison.Ordinal) ? expr["label_values(".Length..expr.LastIndexOf(',')] : expr;
            (string Status, string? Error, JsonArray Result) answer = default;
            await Eventually.UntilAsync(async () =>
            {
                answer = await cluster.Prometheus!.QueryAsync(promql);
                return answer.Status != "success" || answer.Result.Count > 0 || MayBeEmpty.Contains(panel);
            }, () => $"{panel}: {promql} returned nothing", TimeSpan.FromSeconds(20));
            Assert.True(answer.Status == "success", $"{panel}: {promql}: {answer.Error}");
        }
    }

    [SkippableFact]
    public void It_reads_no_metric_source_series()
    {
        // Those belong to the metric sources' own dashboard rows, not here.
        Assert.DoesNotContain(Targets(), t => t.Expr.Contains("elasticscaler_metric_source_", StringComparison.Ordinal));
    }

    /// <summary>The dashboard's variables as Grafana fills them: every namespace and scaler, a rate window Prometheus can cover.</summary>
    private static string Grafana(string expr) => expr
        .Replace("$__rate_interval", "15s", StringComparison.Ordinal)
        .Replace("$namespace", ".*", StringComparison.Ordinal)
        .Replace("$scaler", ".*", StringComparison.Ordinal);
}
