using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Controller;
using ElasticScaler.Sim.Cluster.Eci;
using CoreUsage = ElasticScaler.Core.State.ContainerUsage;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// Replays a trace on a virtual clock: every tick the cluster steps and the tick's requests (spread evenly over
/// it) go through the Service's load balancer into the pods' queues; every metrics resolution the pods' usage is
/// sampled as metrics-server would; every sync period the decision engine decides as the service would, from the
/// pods, their metrics and the nodes, with the history fed forward, and its writes are applied as the service makes
/// them: with a placement, the twin design's two counts (the target's ECS replicas, the twin's ECI replicas) in
/// <see cref="DecisionActuation.Writes"/> order, each reconciled by its part's ReplicaSet (<see cref="FastCluster.Reconcile"/>);
/// without one, the desired total to the target. Deterministic: the same trace, scaler and options (seed) give the
/// same report. A caller that needs more than the per-sync series (the policy benchmark's time to capacity) passes
/// <c>eachTick</c>, called after every tick's cluster step with the offset and the Ready pods.
/// </summary>
public static class FastRunner
{
    private const string ScaleSelector = "app=" + FastCluster.AppLabel;

    public static FastReport Run(Trace trace, ScalerUnderTest scaler, FastModeOptions? options = null, Action<TimeSpan, int>? eachTick = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(scaler);
        var o = options ?? new FastModeOptions();
        o.Validate();
        var settings = ControllerSettings.Default with { SyncPeriod = o.SyncPeriod };
        var prepared = PreparedSpec.Prepare(scaler.Spec, settings);
        if (!prepared.IsValid)
            throw new ArgumentException($"scaler {scaler.Name}: the spec is invalid: " + string.Join("; ", prepared.Errors));

        var cluster = new FastCluster(o);
        var meter = new CostMeter(o.Prices);
        var start = o.Start;
        var warm = start - TimeSpan.FromHours(1);
        // The target's count, and the twin's, as their scale.spec.replicas would read. Fast mode's target is a
        // Deployment, so it is twinned whenever the spec places (DecisionActuation.IsTwinned).
        var declared = new PoolReplicas(o.InitialReplicas, 0);
        bool twinned = scaler.Spec.Placement is not null;
        cluster.Reconcile(PlacementPool.Ecs, declared.Ecs, warm);
        cluster.Step(warm, TimeSpan.Zero);
        cluster.Step(start - TimeSpan.FromMinutes(1), TimeSpan.Zero);

        var template = PodTemplateRequirements.FromPod(new PodState
        {
            Name = "template",
            Containers = [new ContainerRequests { Name = FastCluster.AppLabel, Requests = cluster.Requests() }],
        });
        var metrics = new Dictionary<string, PodMetricsSample>(StringComparer.Ordinal);
        var history = DecisionHistory.Empty;
        var conditions = System.Collections.Immutable.ImmutableArray<Core.Conditions.ScalerCondition>.Empty;
        var rows = new List<SyncRow>();
        var tally = new Tally();
        var periodStart = tally;
        var arrivals = new Arrivals(trace, o.Tick, o.Seed, o.Load.Timeout);
        int decisions = 0, rescales = 0, scaleWrites = 0, peak = 0, peakEci = 0;
        long ticks = (long)Math.Ceiling(trace.Duration / o.Tick);
        long syncEvery = Math.Max(1, (long)Math.Round(o.SyncPeriod / o.Tick));
        long sampleEvery = Math.Max(1, (long)Math.Round(o.Load.MetricsResolution / o.Tick));

        for (long k = 0; k < ticks; k++)
        {
            var offset = o.Tick * k;
            var now = start + offset;
            cluster.Step(now, o.Tick);
            meter.Observe(now, cluster.EcsNodeUsage, cluster.EciPodUsage(now));
            eachTick?.Invoke(offset, cluster.ReadyPods(now));

            if (k % sampleEvery == 0) Sample(cluster, metrics, now);
            if (k % syncEvery == 0)
            {
                var decision = DecisionPipeline.Decide(new DecisionInput
                {
                    Spec = scaler.Spec,
                    Kind = scaler.Kind,
                    Annotations = scaler.Annotations,
                    SpecReplicas = declared.Total,
                    StatusReplicas = cluster.Pods.Count(p => p.DeletedAt is null),
                    Declared = twinned ? declared : null,
                    // What the WordPress Deployment's scale reports (its pods carry app=wordpress), as the service reads it.
                    Selector = ScaleSelector,
                    Pods = cluster.PodStates(now),
                    PodMetrics = [.. metrics.Values],
                    Nodes = cluster.NodeStates(),
                    Template = template,
                    Settings = settings,
                    Conditions = conditions,
                    Prepared = prepared,
                }, history, now);
                decisions++;
                if (decision.Rescale) rescales++;
                // The service's writes, to the model's two ReplicaSets.
                var writes = DecisionActuation.Writes(decision, twinned, declared);
                if (writes.Any(w => w.From != w.To)) scaleWrites++;
                foreach (var write in writes)
                {
                    var part = write.Part == TwinPart.Twin ? PlacementPool.Eci : PlacementPool.Ecs;
                    declared = part == PlacementPool.Eci ? declared with { Eci = write.To } : declared with { Ecs = write.To };
                    cluster.Reconcile(part, write.To, now);
                }
                cluster.Step(now, TimeSpan.Zero);   // the scheduler binds new pods at once, as the controllers do after a write
                var applied = DecisionOutcome.Applied(decision);
                history = applied.History;
                conditions = applied.Conditions;

                var (ecsReady, eciReady, starting, pending, terminating) = Count(cluster, now);
                peak = Math.Max(peak, ecsReady + eciReady);
                peakEci = Math.Max(peakEci, eciReady);
                double cost = (double)meter.Totals.Total;
                rows.Add(new SyncRow(offset.TotalSeconds, trace.RateAt(offset), decision.DesiredReplicas, ecsReady, eciReady, starting, pending, terminating,
                    tally.Served - periodStart.Served, tally.Late - periodStart.Late, tally.NotOk - periodStart.NotOk, Utilization(cluster, metrics), cost));
                periodStart = tally;
            }

            tally = arrivals.Send(cluster.Service, offset, now, tally);
        }

        var totals = tally.Totals(peak, peakEci, decisions, rescales) with
        {
            EcsNodeHours = (meter.Totals.EcsPayAsYouGoNodeSeconds + meter.Totals.EcsReservedNodeSeconds) / 3600,
            EciPodSeconds = cluster.EciPodSeconds,
            EcsCost = (double)meter.Totals.EcsCost,
            EciCost = (double)meter.Totals.EciCost,
            P99LatencyMs = arrivals.Latencies.Percentile(0.99),
            ScaleWrites = scaleWrites,
        };
        return new FastReport(scaler.Name, trace.Duration.TotalSeconds, rows, totals);
    }

    private static void Sample(FastCluster cluster, Dictionary<string, PodMetricsSample> metrics, DateTimeOffset now)
    {
        metrics.Clear();
        foreach (var pod in cluster.Pods)
        {
            if (pod.Load is not { } load || pod.DeletedAt is not null) continue;
            var (cpu, memory, window, _, _) = load.Sample(now);
            metrics[pod.Name] = new PodMetricsSample
            {
                PodName = pod.Name,
                Timestamp = now,
                Window = window > TimeSpan.Zero ? window : cluster.Service.Options.MetricsResolution,
                Containers = [new CoreUsage(FastCluster.AppLabel, new Dictionary<string, Quantity>
                {
                    ["cpu"] = Quantity.FromMilli(cpu),
                    ["memory"] = new Quantity(memory),
                })],
            };
        }
    }

    private static double Utilization(FastCluster cluster, Dictionary<string, PodMetricsSample> metrics)
    {
        if (metrics.Count == 0) return 0;
        decimal used = 0;
        foreach (var m in metrics.Values) used += m.Containers[0].Usage["cpu"].Value;
        return (double)used / (metrics.Count * (double)cluster.Requests()["cpu"].Value);
    }

    private static (int EcsReady, int EciReady, int Starting, int Pending, int Terminating) Count(FastCluster cluster, DateTimeOffset now)
    {
        int ecs = 0, eci = 0, starting = 0, pending = 0, terminating = 0;
        foreach (var p in cluster.Pods)
        {
            if (p.DeletedAt is not null) terminating++;
            else if (p.Ready(now)) { if (p.OnVirtualNode) eci++; else ecs++; }
            else if (p.ScheduledAt is null) pending++;
            else starting++;
        }
        return (ecs, eci, starting, pending, terminating);
    }
}
