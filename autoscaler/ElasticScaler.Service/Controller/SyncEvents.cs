using ElasticScaler.Core;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Service.Events;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The events of one sync, in HPA's words where HPA has the concept (SuccessfulRescale, FailedRescale,
/// FailedGet*Metric, FailedComputeMetricsReplicas) and ours for the rest (BurstToEci, ReleasedEci, DrainedBack,
/// ScheduleStarted, ScheduleEnded). The recorder folds repeats into one event's count.
/// </summary>
internal sealed class SyncEvents(SyncContext ctx, ScalerObject scaler)
{
    public const string BurstToEci = nameof(BurstToEci);
    public const string ReleasedEci = nameof(ReleasedEci);
    public const string DrainedBack = nameof(DrainedBack);
    public const string ScheduleStarted = nameof(ScheduleStarted);
    public const string ScheduleEnded = nameof(ScheduleEnded);

    public async Task RecordAsync(Decision decision, IReadOnlyList<ReplicaWrite> writes, string? failure, ScalerMemory memory, CancellationToken ct)
    {
        var involved = scaler.Involved;
        // HPA: one Warning per failed metric, then FailedComputeMetricsReplicas when no replica count came out.
        if (decision.Metrics is { } metrics)
        {
            foreach (var m in metrics.Metrics)
                if (!m.Succeeded && m.Reason is { } reason && m.Error is { } error)
                    await ctx.Events.RecordAsync(involved, EventRecorder.Warning, reason, error, ct).ConfigureAwait(false);
            if (metrics.Replicas is null && metrics.Error is { } all)
                await ctx.Events.RecordAsync(involved, EventRecorder.Warning, Reasons.FailedComputeMetricsReplicas, all, ct).ConfigureAwait(false);
        }
        if (decision.SpecErrors.Count > 0)
            await ctx.Events.RecordAsync(involved, EventRecorder.Warning, Reasons.InvalidSpec, string.Join("; ", decision.SpecErrors), ct).ConfigureAwait(false);

        if (failure is not null)
        {
            await ctx.Events.RecordAsync(involved, EventRecorder.Warning, Reasons.FailedRescale,
                $"New size: {decision.DesiredReplicas}; reason: {decision.RescaleReason}; error: {failure}", ct).ConfigureAwait(false);
        }
        else if (decision.Rescale)
        {
            await ctx.Events.RecordAsync(involved, EventRecorder.Normal, Reasons.SuccessfulRescale, decision.EventMessage, ct).ConfigureAwait(false);
        }

        var plan = decision.Placement;
        foreach (var (part, from, to) in writes)
        {
            if (part == TwinPart.Twin && to > from)
                await ctx.Events.RecordAsync(involved, EventRecorder.Normal, BurstToEci, $"ECI replicas {from} -> {to}: {plan?.Message}", ct).ConfigureAwait(false);
            else if (part == TwinPart.Twin && to < from)
                await ctx.Events.RecordAsync(involved, EventRecorder.Normal, ReleasedEci, $"ECI replicas {from} -> {to}: {plan?.Message}", ct).ConfigureAwait(false);
            else if (part == TwinPart.Target && to > from && plan?.Reason is Reasons.DrainBack or Reasons.DrainBackWaiting)
                await ctx.Events.RecordAsync(involved, EventRecorder.Normal, DrainedBack, $"ECS replicas {from} -> {to}: ECI replicas move back to ECS once these are Ready", ct).ConfigureAwait(false);
        }

        var before = memory.ActiveSchedules ?? [];
        foreach (var started in decision.ActiveSchedules.Except(before, StringComparer.Ordinal))
            await ctx.Events.RecordAsync(involved, EventRecorder.Normal, ScheduleStarted,
                $"schedule window {started} in force: replicas within [{decision.MinReplicas}, {decision.MaxReplicas}]", ct).ConfigureAwait(false);
        foreach (var ended in before.Except(decision.ActiveSchedules, StringComparer.Ordinal))
            await ctx.Events.RecordAsync(involved, EventRecorder.Normal, ScheduleEnded, $"schedule window {ended} ended", ct).ConfigureAwait(false);
        memory.ActiveSchedules = decision.ActiveSchedules;
    }
}
