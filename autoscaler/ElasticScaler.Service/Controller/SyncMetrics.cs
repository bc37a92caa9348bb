using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;

namespace ElasticScaler.Service.Controller;

/// <summary>A sync's figures into /metrics: replicas, each metric against its target, scale events, the cost rate.</summary>
internal static class SyncMetrics
{
    public static void Export(SyncContext ctx, ScalerObject scaler, Decision decision, int current, int ecs, int eci,
        IReadOnlyList<ReplicaWrite> writes, PodTemplateRequirements? template)
    {
        var m = ctx.Metrics;
        var (ns, name) = (scaler.Namespace, scaler.Name);
        m.DesiredReplicas.WithLabels(ns, name).Set(decision.DesiredReplicas);
        m.CurrentReplicas.WithLabels(ns, name).Set(current);
        m.PoolReplicas.WithLabels(ns, name, "ecs").Set(ecs);
        m.PoolReplicas.WithLabels(ns, name, "eci").Set(eci);
        if (decision.Metrics is { } metrics)
        {
            foreach (var r in metrics.Metrics)
            {
                var label = r.MetricName;
                if (r.Status?.Current is { } value) m.MetricValue.WithLabels(ns, name, label).Set(Number(value.AverageUtilization, value.AverageValue, value.Value));
                var t = r.Spec.Target;
                if (t is not null) m.MetricTarget.WithLabels(ns, name, label).Set(Number(t.AverageUtilization, t.AverageValue, t.Value));
            }
        }
        int total = 0;
        foreach (var (part, from, to) in writes)
        {
            if (to == from) continue;
            var pool = part == TwinPart.Twin ? "eci" : "ecs";
            m.ScaleEvents.WithLabels(ns, name, to > from ? "up" : "down", pool).Inc();
            total += to - from;
        }
        if (total != 0) m.ScaleEvents.WithLabels(ns, name, total > 0 ? "up" : "down", "total").Inc();
        var (vcpu, gib) = Requests(template);
        var o = ctx.Options;
        m.CostRate.WithLabels(ns, name, "eci").Set((double)(eci * (vcpu * o.EciPricePerVcpuSecond + gib * o.EciPricePerGibSecond) * 3600));
        m.CostRate.WithLabels(ns, name, "ecs").Set((double)(ecs * vcpu * o.EcsPricePerVcpuHour));
    }

    private static double Number(int? utilization, Core.Model.Quantity? average, Core.Model.Quantity? value) =>
        utilization ?? (double)(average?.Value ?? value?.Value ?? 0);

    private static (decimal Vcpu, decimal GiB) Requests(PodTemplateRequirements? template)
    {
        if (template is null) return (0, 0);
        decimal cpu = template.Requests.TryGetValue("cpu", out var c) ? c.Value : 0;
        decimal memory = template.Requests.TryGetValue("memory", out var mem) ? mem.Value / (1024m * 1024 * 1024) : 0;
        return (cpu, memory);
    }
}
