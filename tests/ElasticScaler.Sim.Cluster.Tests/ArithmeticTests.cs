using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster.Eci;
using ElasticScaler.Sim.Cluster.Kubelet;
using ElasticScaler.Sim.Cluster.Workloads;
using Prometheus;

namespace ElasticScaler.Sim.Cluster.Tests;

public class ArithmeticTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("25%", "25%", 22, 6, 5)]
    [InlineData("25%", "25%", 30, 8, 7)]
    [InlineData("0", "0", 10, 0, 1)]
    [InlineData("1", "0", 10, 1, 0)]
    [InlineData("50%", "10%", 3, 2, 0)]
    public void Fenceposts_round_surge_up_and_unavailable_down(string surge, string unavailable, int replicas, int expectSurge, int expectUnavailable)
    {
        static JsonNode Node(string s) => s.EndsWith('%') ? JsonValue.Create(s) : JsonValue.Create(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((expectSurge, expectUnavailable), RollingMath.Fenceposts(Node(surge), Node(unavailable), replicas));
    }

    [Fact]
    public void A_bad_max_surge_names_the_field() =>
        Assert.Contains("spec.strategy.rollingUpdate.maxSurge", Assert.Throws<ArgumentException>(() => RollingMath.Fenceposts(JsonValue.Create("lots"), null, 3)).Message);

    [Fact]
    public void The_template_hash_ignores_key_order_and_changes_with_content()
    {
        var a = JsonNode.Parse("""{"metadata":{"labels":{"app":"w"}},"spec":{"containers":[{"name":"c","image":"x"}]}}""");
        var b = JsonNode.Parse("""{"spec":{"containers":[{"image":"x","name":"c"}]},"metadata":{"labels":{"app":"w"}}}""");
        var c = JsonNode.Parse("""{"spec":{"containers":[{"image":"y","name":"c"}]},"metadata":{"labels":{"app":"w"}}}""");
        Assert.Equal(RollingMath.TemplateHash(a), RollingMath.TemplateHash(b));
        Assert.NotEqual(RollingMath.TemplateHash(a), RollingMath.TemplateHash(c));
    }

    [Fact]
    public void The_eci_quota_admits_its_limit_per_minute_and_frees_slots_as_the_window_slides()
    {
        var q = new EciQuota(3);
        Assert.True(q.TryAcquire(T0));
        Assert.True(q.TryAcquire(T0.AddSeconds(10)));
        Assert.True(q.TryAcquire(T0.AddSeconds(20)));
        Assert.False(q.TryAcquire(T0.AddSeconds(59)));
        Assert.True(q.TryAcquire(T0.AddSeconds(60)));
        Assert.False(q.TryAcquire(T0.AddSeconds(65)));
        Assert.True(q.TryAcquire(T0.AddSeconds(70)));
    }

    [Fact]
    public void The_cost_meter_bills_ecs_per_node_hour_by_billing_and_eci_per_second_by_requests()
    {
        var prices = new Prices { EcsPayAsYouGoPerNodeHour = 0.36m, EcsReservedPerNodeHour = 0.18m, EciPerVcpuSecond = 0.00001m, EciPerGiBSecond = 0.000002m };
        var meter = new CostMeter(prices);
        var nodes = new[] { new EcsNodeUsage("a", Billing.PayAsYouGo), new EcsNodeUsage("b", Billing.Reserved) };
        meter.Observe(T0, nodes, [new EciPodUsage("p", 500, 1L << 30)]);
        meter.Observe(T0.AddHours(1), nodes, []);
        var t = meter.Totals;
        // ECS: one hour of each node = 0.36 + 0.18. ECI: 3600 s x (0.5 vCPU x 0.00001 + 1 GiB x 0.000002) = 0.0252.
        Assert.Equal(0.54m, decimal.Round(t.EcsCost, 6));
        Assert.Equal(0.0252m, decimal.Round(t.EciCost, 6));
        Assert.Equal(3600, t.EcsPayAsYouGoNodeSeconds, 6);
        Assert.Equal(1800, t.EciVcpuSeconds, 6);
        Assert.Equal(0, t.EciPods);
        meter.Observe(T0.AddHours(2), nodes, []);
        Assert.Equal(0.0252m, decimal.Round(meter.Totals.EciCost, 6));
        Assert.Equal(1.08m, decimal.Round(meter.Totals.EcsCost, 6));
    }

    [Fact]
    public async Task The_cost_meter_registers_its_totals_as_prometheus_series()
    {
        var meter = new CostMeter(new Prices { EcsPayAsYouGoPerNodeHour = 3.6m });
        meter.Observe(T0, [new EcsNodeUsage("a", Billing.PayAsYouGo)], []);
        meter.Observe(T0.AddSeconds(100), [new EcsNodeUsage("a", Billing.PayAsYouGo)], []);
        var registry = Metrics.NewCustomRegistry();
        meter.Register(registry);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("elasticscaler_sim_cost_usd_total{kind=\"ecs\"} 0.1", text);
        Assert.Contains("elasticscaler_sim_ecs_node_seconds_total{billing=\"pay-as-you-go\"} 100", text);
        Assert.Contains("elasticscaler_sim_ecs_nodes 1", text);
    }

    [Fact]
    public void Start_up_jitter_stays_within_the_band_and_is_stable_per_pod()
    {
        var delays = Enumerable.Range(0, 200).Select(i => PodTiming.StartupDelay(TimeSpan.FromSeconds(15), 0.2, $"uid-{i}", 1)).ToList();
        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, 12, 18));
        Assert.True(delays.Distinct().Count() > 50);
        Assert.Equal(PodTiming.StartupDelay(TimeSpan.FromSeconds(15), 0.2, "uid-7", 1), delays[7]);
    }
}
