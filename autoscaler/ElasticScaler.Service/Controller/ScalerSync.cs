using System.Collections.Immutable;
using ElasticScaler.Core;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Events;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// One sync of one ElasticScaler, HPA's reconcileAutoscaler for our resource: read the scaler, its target, the
/// twin, the pods and the nodes from the caches, the PodMetrics (shared per namespace) and the other metrics from
/// their sources (MetricSources/MetricReads); let the engine decide; write the replica counts
/// (twin first on the way down), then status and events only where they changed; export metrics; dump the
/// snapshot. Returns when to sync again: the sync period, or sooner when a schedule window opens or closes.
/// </summary>
public sealed class ScalerSync(SyncContext ctx)
{
    /// <summary>The scaler was not acted on (invalid spec, no target, ...): the sync ended with its condition and counted itself an error.</summary>
    public bool Refused { get; private set; }

    public async Task<TimeSpan?> SyncAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/');
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        var cached = ctx.View.Scalers.Get(ns, name);
        if (cached is null)
        {
            ctx.Memories.Forget(key);
            ctx.Metrics.Forget(ns, name);
            return null;
        }
        var scaler = cached.Value;
        var memory = ctx.Memories.For(key);
        var now = ctx.Time.GetUtcNow();
        if (scaler.Deleting) return await new HandBack(ctx).RunAsync(scaler, memory, ct).ConfigureAwait(false);

        // 1. The spec, read and prepared once per generation.
        if (memory.PreparedGeneration != scaler.Generation || memory.SpecRead is null)
        {
            memory.SpecRead = KubernetesObjects.ScalerSpec(scaler.Spec, "spec");
            // --dry-run makes every spec a dry run, so the engine itself never counts what it will not do (ECI creations).
            memory.Prepared = memory.SpecRead.Value is { } s && memory.SpecRead.Errors.Count == 0
                ? PreparedSpec.Prepare(ctx.Options.DryRun && !s.DryRun ? s with { DryRun = true } : s, ctx.Settings)
                : null;
            memory.PreparedGeneration = scaler.Generation;
            memory.TemplateHash = null;
        }
        var conditions = memory.Conditions ?? KubernetesObjects.Conditions(scaler.Status);
        memory.ActiveSchedules ??= ReadActiveSchedules(scaler);
        var errors = memory.SpecRead.Errors.Count > 0 ? memory.SpecRead.Errors : memory.Prepared?.Errors ?? [];
        if (errors.Count > 0 || memory.Prepared is null)
        {
            var message = "the spec is invalid: " + string.Join("; ", errors);
            return await Refuse(scaler, memory, conditions, ConditionTypes.ScalingActive, Reasons.InvalidSpec, message, ct).ConfigureAwait(false);
        }
        var prepared = memory.Prepared;
        var spec = prepared.Spec;

        // 2. The target's scale, from the caches (Deployment, StatefulSet) or its /scale subresource.
        var (target, targetError) = await ctx.Targets.ResolveAsync(ctx.View, ns, spec.ScaleTargetRef, ct).ConfigureAwait(false);
        if (target is null)
            return await Refuse(scaler, memory, conditions, ConditionTypes.AbleToScale, Reasons.FailedGetScale,
                $"the HPA controller was unable to get the target's current scale: {targetError}", ct).ConfigureAwait(false);
        var targetKey = $"{ns}/{spec.ScaleTargetRef.Kind}/{spec.ScaleTargetRef.Name}";
        var rivals = ctx.ScalersOfTarget(targetKey);
        if (rivals.Count > 1)
            return await Refuse(scaler, memory, conditions, ConditionTypes.ScalingActive, Reasons.AmbiguousSelector,
                $"pods by selector {target.Selector} are controlled by multiple ElasticScalers: [{string.Join(" ", rivals.Order(StringComparer.Ordinal))}]", ct).ConfigureAwait(false);

        // 3. The twin: only Deployments and StatefulSets are twinned; anything else is scaled without placement.
        bool twinned = DecisionActuation.IsTwinned(spec.Placement, target);
        WorkloadObject? twin = null;
        var twinName = TwinWorkload.NameFor(target.Name);
        if (twinned && ctx.View.WorkloadCache(target.Kind.Kind)!.Get(ns, twinName) is { } twinCached)
        {
            if (twinCached.Value.ControllerUid != scaler.Uid)
                return await Refuse(scaler, memory, conditions, ConditionTypes.AbleToScale, Reasons.FailedGetScale,
                    $"the ECI workload {target.Kind.Kind} {twinName} exists and is not owned by this ElasticScaler: rename or delete it, or remove spec.placement", ct).ConfigureAwait(false);
            twin = twinCached.Value;
        }
        int targetReplicas = memory.Believe(TwinPart.Target, target.SpecReplicas, now);
        int twinReplicas = twin is null ? 0 : memory.Believe(TwinPart.Twin, twin.SpecReplicas, now);

        // 4. Pods and their metrics (the engine checks the selector itself: InvalidSelector).
        List<PodState> pods = Core.Model.LabelSelector.TryParse(target.Selector, out var selector, out _) && !selector.IsEmpty ? ctx.View.PodsOf(ns, selector) : [];
        // The other metrics are read from their sources while the PodMetrics are fetched (or found shared); not for a
        // target whose selector the engine will refuse (InvalidSelector), as HPA checks it before reading any metric.
        var readings = selector.IsEmpty ? Task.FromResult<IReadOnlyList<MetricReading>>([]) : ctx.Reads.ReadAsync(ns, spec, selector, ct);
        IReadOnlyList<PodMetricsSample>? podMetrics = null;
        string? podMetricsError = null;
        if (NeedsPodMetrics(spec))
        {
            var read = await ctx.PodMetrics.ReadAsync(ns, ct).ConfigureAwait(false);
            podMetricsError = read.Error;
            if (read.Samples is { } samples)
            {
                var ours = new List<PodMetricsSample>(pods.Count);
                foreach (var p in pods) if (samples.TryGetValue(p.Name, out var m)) ours.Add(m);
                podMetrics = ours;
            }
        }

        // 5. Decide.
        if (target.Workload is { } w && memory.TemplateHash != w.TemplateHash)
        {
            memory.Template = w.Raw.GetProperty("spec").TryGetProperty("template", out var t) ? KubernetesObjects.PodTemplate(t, "spec.template").Value : null;
            memory.TemplateHash = w.TemplateHash;
        }
        var nodes = ctx.View.NodesWithRequests();
        int current = targetReplicas + twinReplicas;
        var input = new DecisionInput
        {
            Spec = spec,
            Prepared = prepared,
            Annotations = scaler.Annotations,
            SpecReplicas = current,
            StatusReplicas = target.StatusReplicas + (twin?.StatusReplicas ?? 0),
            Selector = target.Selector,
            Pods = pods,
            PodMetrics = podMetrics,
            PodMetricsError = podMetricsError,
            Readings = await readings.ConfigureAwait(false),
            Nodes = nodes,
            Template = memory.Template,
            Settings = ctx.Settings,
            Conditions = conditions,
            Declared = twinned ? new PoolReplicas(targetReplicas, twinReplicas) : null,
        };
        // A scaler new to this instance starts empty but for the last scale time: the engine records the current size as
        // its first recommendation (HPA's recordInitialRecommendation), so a restart never scales down early.
        var history = memory.History ?? DecisionHistory.Empty with { LastScaleTime = ReadLastScaleTime(scaler) };
        var decision = DecisionPipeline.Decide(input, history, now);

        // 6. Act (DecisionActuation: nothing in dry run or on an invalid decision; the twin, then the ordered /scale writes).
        bool dryRun = spec.DryRun;
        var observer = new SyncObserver(ctx, scaler, target, twinName, memory, now);
        string? failure = null;
        AppliedDecision applied;
        try
        {
            await new DecisionActuation(ctx.Actuator).ActAsync(new ActuationRequest
            {
                Scaler = scaler,
                Target = target,
                Twin = twin,
                Current = new PoolReplicas(targetReplicas, twinReplicas),
                Decision = decision,
                Placement = spec.Placement,
                Ack = TwinWorkload.IsAck(nodes),
                EciDefaults = ctx.EciDefaults,
            }, observer, ct).ConfigureAwait(false);
            applied = DecisionOutcome.Applied(decision);
        }
        catch (KubeApiException e)
        {
            failure = e.ApiMessage;
            applied = DecisionOutcome.Failed(decision, e.ApiMessage);
        }
        var writes = observer.Writes;
        memory.History = applied.History;
        var finalConditions = twinned || spec.Placement is null
            ? applied.Conditions
            : ScalerConditions.Set(applied.Conditions, PlacementCondition, ConditionStatus.False, Reasons.PlacementUnsupported,
                $"{target.Kind.Kind} has no pod template to twin: replicas are scaled through /scale without ECS/ECI placement", now);
        memory.Conditions = finalConditions;

        // 7. Report: events, status, metrics, dump.
        await new SyncEvents(ctx, scaler).RecordAsync(decision, writes, failure, memory, ct).ConfigureAwait(false);
        // In dry run the split is what the service would place; otherwise what it placed.
        var (ecs, eci) = dryRun && twinned && decision.Placement is { } wouldPlace
            ? (wouldPlace.Next.Ecs, wouldPlace.Next.Eci)
            : Pools(twinned, writes, targetReplicas, twinReplicas, decision, pods, nodes);
        var status = StatusWriter.Build(new ScalerStatusView
        {
            ObservedGeneration = scaler.Generation,
            CurrentReplicas = current,
            DesiredReplicas = decision.DesiredReplicas,
            EcsReplicas = ecs,
            EciReplicas = eci,
            EciWorkload = twinned ? twinName : null,
            LastScaleTime = applied.History.LastScaleTime,
            CurrentMetrics = decision.CurrentMetrics,
            ActiveSchedules = decision.ActiveSchedules,
            NextScheduleTransition = decision.NextScheduleTransition,
            Conditions = finalConditions,
        });
        bool statusChanged = await ctx.Status.WriteIfChangedAsync(scaler, status, ct).ConfigureAwait(false);
        SyncMetrics.Export(ctx, scaler, decision, current, ecs, eci, writes, memory.Template);
        if (ctx.Dump is { } dump && (writes.Count > 0 || statusChanged))
            await dump.WriteAsync(scaler, input, history, decision, now, ct).ConfigureAwait(false);

        if (failure is not null) throw new SyncFailedException(failure);
        return NextSync(ns, decision.NextScheduleTransition, now);
    }

    /// <summary>Our condition type for placement: False when the target kind cannot be twinned.</summary>
    public const string PlacementCondition = "PlacementActive";

    /// <summary>
    /// The delay to the next sync: the namespace's next slot (<see cref="SyncSlots"/>), counted from the slot this
    /// sync's start (<paramref name="now"/>) belongs to, so neither the sync's duration nor its wait for a worker is
    /// added to the period; or the next schedule transition when that comes first.
    /// </summary>
    private TimeSpan NextSync(string ns, DateTimeOffset? transition, DateTimeOffset now)
    {
        var slot = ctx.Slots.Next(ns, now);
        var due = transition is { } t && t < slot ? t : slot;
        var delay = due - ctx.Time.GetUtcNow();
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }

    /// <summary>A scaler the service will not act on: the condition and a Warning event say why; status is written; nothing else.</summary>
    private async Task<TimeSpan?> Refuse(ScalerObject scaler, ScalerMemory memory, ImmutableArray<ScalerCondition> conditions, string type,
        string reason, string message, CancellationToken ct)
    {
        var now = ctx.Time.GetUtcNow();
        conditions = ScalerConditions.Set(conditions, type, ConditionStatus.False, reason, message, now);
        memory.Conditions = conditions;
        await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Warning, reason, message, ct).ConfigureAwait(false);
        var status = StatusWriter.Build(new ScalerStatusView
        {
            ObservedGeneration = scaler.Generation,
            CurrentReplicas = ReadInt(scaler, "currentReplicas"),
            DesiredReplicas = ReadInt(scaler, "desiredReplicas"),
            EcsReplicas = ReadInt(scaler, "ecsReplicas"),
            EciReplicas = ReadInt(scaler, "eciReplicas"),
            LastScaleTime = ReadLastScaleTime(scaler),
            Conditions = conditions,
        });
        await ctx.Status.WriteIfChangedAsync(scaler, status, ct).ConfigureAwait(false);
        ctx.Metrics.Reconciles.WithLabels("error", reason == Reasons.InvalidSpec ? "spec" : "internal").Inc();
        Refused = true;
        return ctx.Options.SyncPeriod;
    }

    /// <summary>ECS and ECI as status reports them: the twin design's counts, or where the pods run without one.</summary>
    private static (int Ecs, int Eci) Pools(bool twinned, IReadOnlyList<ReplicaWrite> writes, int target, int twin,
        Decision decision, List<PodState> pods, IReadOnlyList<NodeState> nodes)
    {
        if (twinned)
        {
            foreach (var (part, _, to) in writes)
                if (part == TwinPart.Target) target = to;
                else twin = to;
            return (target, twin);
        }
        var virtualNodes = nodes.Where(n => n.IsVirtual).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        int eci = pods.Count(p => p.DeletionTimestamp is null && p.NodeName is { } n && virtualNodes.Contains(n));
        return (Math.Max(0, decision.DesiredReplicas - eci), eci);
    }

    private static bool NeedsPodMetrics(ScalerSpec spec) =>
        spec.Metrics.Count == 0 || spec.Metrics.Any(m => m.Type is MetricSourceType.Resource or MetricSourceType.ContainerResource);

    private static IReadOnlyList<string> ReadActiveSchedules(ScalerObject scaler) =>
        scaler.Status.ValueKind == System.Text.Json.JsonValueKind.Object && scaler.Status.TryGetProperty("activeSchedules", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Array
            ? [.. a.EnumerateArray().Select(e => e.GetString() ?? "")]
            : [];

    private static DateTimeOffset? ReadLastScaleTime(ScalerObject scaler) =>
        scaler.Status.ValueKind == System.Text.Json.JsonValueKind.Object && scaler.Status.TryGetProperty("lastScaleTime", out var t) && t.TryGetDateTimeOffset(out var v) ? v : null;

    private static int ReadInt(ScalerObject scaler, string field) =>
        scaler.Status.ValueKind == System.Text.Json.JsonValueKind.Object && scaler.Status.TryGetProperty(field, out var v) && v.TryGetInt32(out var n) ? n : 0;
}

/// <summary>
/// What the sync keeps of its act step as it happens: each write's expectation (so the next sync believes it over
/// a lagging cache) and the write itself for events, status and metrics, also when a later write fails; the twin's
/// creation or re-template as an event, before the writes that follow it.
/// </summary>
internal sealed class SyncObserver(SyncContext ctx, ScalerObject scaler, TargetScale target, string twinName, ScalerMemory memory, DateTimeOffset now)
    : IActuationObserver
{
    private readonly List<ReplicaWrite> _writes = [];

    public IReadOnlyList<ReplicaWrite> Writes => _writes;

    public async Task TwinEnsuredAsync(TwinState twin, CancellationToken ct)
    {
        if (twin.Created) await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Normal, "EciWorkloadCreated",
            $"created {target.Kind.Kind} {twinName} for the ECI part of {target.Name}", ct).ConfigureAwait(false);
        if (twin.Updated) await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Normal, "EciWorkloadUpdated",
            $"updated {target.Kind.Kind} {twinName}: {target.Name}'s pod template changed", ct).ConfigureAwait(false);
    }

    public void Wrote(ReplicaWrite write)
    {
        memory.Expected[write.Part] = Expectation.Of(write.To, now);
        _writes.Add(write);
    }
}

/// <summary>A sync that wrote part of its decision and failed: the queue retries it with backoff.</summary>
public sealed class SyncFailedException(string message) : Exception(message);
