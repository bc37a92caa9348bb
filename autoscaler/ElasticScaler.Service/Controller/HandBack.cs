using ElasticScaler.Core.Placement;
using ElasticScaler.Service.Events;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// Deleting an ElasticScaler hands its replicas back to the target, so nothing a user ran is lost: the finalizer
/// keeps the scaler while the target is scaled to the total, then waits until that many target pods are Ready,
/// then shrinks the twin to 0, deletes it and lets the scaler go. Make-before-break, like drain-back.
/// </summary>
internal sealed class HandBack(SyncContext ctx)
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);

    /// <summary>The target's size once the twin's replicas are handed back, recorded when the hand-back starts.</summary>
    public const string HandBackAnnotation = "autoscaling.elasticscaler.io/hand-back-replicas";

    public async Task<TimeSpan?> RunAsync(ScalerObject scaler, ScalerMemory memory, CancellationToken ct)
    {
        if (!scaler.HasFinalizer) return null;
        if (ctx.Options.DryRun)
        {
            await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Warning, "HandBackWaiting",
                "the service runs with --dry-run and touches no workload: the replicas are handed back once a service without it runs (or remove the finalizer "
                + ScalerObject.HandBackFinalizer + ")", ct).ConfigureAwait(false);
            return ctx.Options.SyncPeriod;
        }
        var now = ctx.Time.GetUtcNow();
        var reference = scaler.Spec.TryGetProperty("scaleTargetRef", out var r) ? r : default;
        var kindName = reference.ValueKind == System.Text.Json.JsonValueKind.Object && reference.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "";
        var apiVersion = reference.ValueKind == System.Text.Json.JsonValueKind.Object && reference.TryGetProperty("apiVersion", out var av) ? av.GetString() : null;
        var targetName = reference.ValueKind == System.Text.Json.JsonValueKind.Object && reference.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        var kind = ApiResource.ForWorkload(apiVersion, kindName);
        var cache = kind is null ? null : ctx.View.WorkloadCache(kind.Kind);
        var target = cache?.Get(scaler.Namespace, targetName)?.Value;
        var twinName = TwinWorkload.NameFor(targetName);
        var twin = cache?.Get(scaler.Namespace, twinName)?.Value;
        if (twin is not null && twin.ControllerUid != scaler.Uid) twin = null; // not ours: never touched

        if (kind is null || target is null || twin is null)
        {
            // Nothing to hand back (no twin), or no target to hand it to (the garbage collector takes the twin with the scaler).
            await ctx.Actuator.RemoveFinalizerAsync(scaler, ct).ConfigureAwait(false);
            return null;
        }
        int targetReplicas = memory.Believe(TwinPart.Target, target.SpecReplicas, now);
        int twinReplicas = memory.Believe(TwinPart.Twin, twin.SpecReplicas, now);
        if (twinReplicas > 0)
        {
            // The size to hand back is fixed once, on the scaler itself, so a retry or a new leader never adds the twin twice.
            if (!scaler.Annotations.TryGetValue(HandBackAnnotation, out var recorded) || !int.TryParse(recorded, System.Globalization.CultureInfo.InvariantCulture, out var total))
            {
                total = targetReplicas + twinReplicas;
                await ctx.Actuator.AnnotateAsync(scaler, HandBackAnnotation, total.ToString(System.Globalization.CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            }
            if (targetReplicas < total)
            {
                await ctx.Actuator.ScaleAsync(kind, scaler.Namespace, targetName, total, ct).ConfigureAwait(false);
                memory.Expected[TwinPart.Target] = Expectation.Of(total, now);
                await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Normal, "HandingBack",
                    $"the scaler is being deleted: {targetName} scaled {targetReplicas} -> {total} to take over the {twinReplicas} ECI replicas of {twinName}", ct).ConfigureAwait(false);
                return Poll;
            }
            if (target.ReadyReplicas < total)
            {
                await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Normal, "HandBackWaiting",
                    $"waiting for {total} Ready replicas of {targetName} before releasing {twinName} (make-before-break)", ct).ConfigureAwait(false);
                return Poll;
            }
            await ctx.Actuator.ScaleAsync(kind, scaler.Namespace, twinName, 0, ct).ConfigureAwait(false);
            memory.Expected[TwinPart.Twin] = Expectation.Of(0, now);
            return Poll;
        }
        await ctx.Actuator.DeleteTwinAsync(kind, scaler.Namespace, twinName, ct).ConfigureAwait(false);
        await ctx.Actuator.RemoveFinalizerAsync(scaler, ct).ConfigureAwait(false);
        await ctx.Events.RecordAsync(scaler.Involved, EventRecorder.Normal, "HandedBack",
            $"{targetName} runs all {target.SpecReplicas} replicas; {twinName} deleted", ct).ConfigureAwait(false);
        ctx.Memories.Forget(scaler.Key);
        return null;
    }
}
