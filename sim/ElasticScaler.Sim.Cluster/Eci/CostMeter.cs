using Prometheus;

namespace ElasticScaler.Sim.Cluster.Eci;

/// <summary>One billed ECS node or ECI pod in an observation.</summary>
public sealed record EcsNodeUsage(string Name, Billing Billing);
public sealed record EciPodUsage(string Uid, long CpuMillis, long MemoryBytes);

/// <summary>The running totals: money by pool kind and the billed quantities.</summary>
public sealed record CostTotals(decimal EcsCost, decimal EciCost, double EcsPayAsYouGoNodeSeconds, double EcsReservedNodeSeconds,
    double EciVcpuSeconds, double EciGiBSeconds, int EcsNodes, int EciPods)
{
    public decimal Total => EcsCost + EciCost;
}

/// <summary>
/// Integrates cost over time: each observation bills the nodes and ECI pods seen at the previous observation for the
/// time in between (ECS per node-hour at the pay-as-you-go or reserved price, ECI per second by requested vCPU and
/// GiB). The cluster observes after every controller pass, so the error is at most one pass per change.
/// </summary>
public sealed class CostMeter(Prices prices)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _last;
    private IReadOnlyList<EcsNodeUsage> _nodes = [];
    private IReadOnlyList<EciPodUsage> _pods = [];
    private CostTotals _totals = new(0, 0, 0, 0, 0, 0, 0, 0);

    public Prices Prices { get; } = prices;

    public CostTotals Totals
    {
        get
        {
            lock (_gate)
                return _totals;
        }
    }

    public void Observe(DateTimeOffset now, IReadOnlyList<EcsNodeUsage> nodes, IReadOnlyList<EciPodUsage> eciPods)
    {
        lock (_gate)
        {
            var t = _totals;
            if (_last is { } last && now > last)
            {
                var seconds = (now - last).TotalSeconds;
                var payg = _nodes.Count(n => n.Billing == Billing.PayAsYouGo) * seconds;
                var reserved = _nodes.Count(n => n.Billing == Billing.Reserved) * seconds;
                var vcpu = _pods.Sum(p => p.CpuMillis / 1000.0) * seconds;
                var gib = _pods.Sum(p => p.MemoryBytes / (double)(1L << 30)) * seconds;
                t = t with
                {
                    EcsPayAsYouGoNodeSeconds = t.EcsPayAsYouGoNodeSeconds + payg,
                    EcsReservedNodeSeconds = t.EcsReservedNodeSeconds + reserved,
                    EciVcpuSeconds = t.EciVcpuSeconds + vcpu,
                    EciGiBSeconds = t.EciGiBSeconds + gib,
                    EcsCost = t.EcsCost + ((decimal)payg * Prices.EcsPayAsYouGoPerNodeHour + (decimal)reserved * Prices.EcsReservedPerNodeHour) / 3600m,
                    EciCost = t.EciCost + (decimal)vcpu * Prices.EciPerVcpuSecond + (decimal)gib * Prices.EciPerGiBSecond,
                };
            }
            if (_last is null || now >= _last)
                _last = now;
            _nodes = nodes;
            _pods = eciPods;
            _totals = t with { EcsNodes = nodes.Count, EciPods = eciPods.Count };
        }
    }

    /// <summary>
    /// Adds the totals to a prometheus-net registry (e.g. the one behind the load model's /metrics), refreshed at
    /// every scrape: elasticscaler_sim_cost_usd_total{kind}, node-seconds by billing, ECI vCPU- and GiB-seconds, and
    /// the current node and ECI pod counts.
    /// </summary>
    public void Register(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        var cost = factory.CreateCounter("elasticscaler_sim_cost_usd_total", "Simulated cloud cost so far, by kind (ecs, eci).", "kind");
        var nodeSeconds = factory.CreateCounter("elasticscaler_sim_ecs_node_seconds_total", "ECS node-seconds billed, by billing method.", "billing");
        var vcpu = factory.CreateCounter("elasticscaler_sim_eci_vcpu_seconds_total", "ECI vCPU-seconds billed (requested cpu).");
        var gib = factory.CreateCounter("elasticscaler_sim_eci_gib_seconds_total", "ECI GiB-seconds billed (requested memory).");
        var nodes = factory.CreateGauge("elasticscaler_sim_ecs_nodes", "ECS nodes billed now.");
        var pods = factory.CreateGauge("elasticscaler_sim_eci_pods", "ECI pods billed now.");
        registry.AddBeforeCollectCallback(() =>
        {
            var t = Totals;
            cost.WithLabels("ecs").IncTo((double)t.EcsCost);
            cost.WithLabels("eci").IncTo((double)t.EciCost);
            nodeSeconds.WithLabels("pay-as-you-go").IncTo(t.EcsPayAsYouGoNodeSeconds);
            nodeSeconds.WithLabels("reserved").IncTo(t.EcsReservedNodeSeconds);
            vcpu.IncTo(t.EciVcpuSeconds);
            gib.IncTo(t.EciGiBSeconds);
            nodes.Set(t.EcsNodes);
            pods.Set(t.EciPods);
        });
    }
}
