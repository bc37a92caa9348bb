using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>One <c>/scale</c> write: the part written, its replicas before the decision and the replicas written.</summary>
public readonly record struct ReplicaWrite(TwinPart Part, int From, int To);

/// <summary>What one decision is acted on with.</summary>
public sealed record ActuationRequest
{
    /// <summary>The ElasticScaler: the twin's owner and the holder of the hand-back finalizer.</summary>
    public required ScalerObject Scaler { get; init; }

    /// <summary>The target's scale; a Deployment or StatefulSet carries its object, which the twin is built from.</summary>
    public required TargetScale Target { get; init; }

    /// <summary>The twin as last read; null when there is none yet (it is created).</summary>
    public WorkloadObject? Twin { get; init; }

    /// <summary>
    /// The replicas the decision was made from: the target's and the twin's scale.spec.replicas as the input declared
    /// them (the service believes its own recent writes over a lagging cache). Without a twin, Eci is 0.
    /// </summary>
    public required PoolReplicas Current { get; init; }

    public required Decision Decision { get; init; }

    /// <summary>spec.placement; with it a Deployment or StatefulSet target is twinned.</summary>
    public PlacementSpec? Placement { get; init; }

    /// <summary>The cluster is ACK (its virtual node carries ACK's provider taint): with <see cref="EciPodLabelsWhen.Auto"/> the twin's pods get the ECI pod labels.</summary>
    public bool Ack { get; init; }

    /// <summary>The service's defaults for the twin's pods, under what <c>spec.placement.eci</c> sets.</summary>
    public required EciPodDefaults EciDefaults { get; init; }

    public bool Twinned => DecisionActuation.IsTwinned(Placement, Target);
}

/// <summary>
/// Learns of each step while a decision is acted on, as it happens: a write made before a later one fails is
/// never lost (its expectation and its event still count), and the twin's creation can be reported before the
/// writes that follow it.
/// </summary>
public interface IActuationObserver
{
    /// <summary>After the twin was checked: created, re-templated, or already as it must be.</summary>
    Task TwinEnsuredAsync(TwinState twin, CancellationToken ct);

    /// <summary>After one <c>/scale</c> write succeeded.</summary>
    void Wrote(ReplicaWrite write);
}

/// <summary>
/// The act step of a sync, shared by the service (<see cref="ScalerSync"/>, over HTTP) and fast mode (over an
/// in-process simulator): nothing in dry run or on an invalid decision; with a twin, the hand-back finalizer, the
/// twin made or re-templated, then the plan's two counts through <c>/scale</c> in <see cref="PlacementPlan.TwinWrites"/>
/// order; without one, the target's <c>/scale</c> gets the desired replicas. Every change goes through
/// <see cref="Actuator"/>, so it needs only the API's write verbs on workloads' <c>/scale</c>, the twin and the
/// scaler, never a pod write. A failed write stops the rest: <see cref="KubeApiException"/> is thrown after the
/// writes before it, which the observer has been told of; the next sync reads both counts again.
/// </summary>
public sealed class DecisionActuation(Actuator actuator)
{
    /// <summary>Whether a target is split into itself (ECS) and a twin (ECI): a placement, and a target with a pod template.</summary>
    public static bool IsTwinned(PlacementSpec? placement, TargetScale target) => placement is not null && target.Workload is not null;

    /// <summary>
    /// The writes a decision means, from <paramref name="current"/>, in the order to make them: none in dry run or
    /// on an invalid decision; with a twin and a plan, <see cref="PlacementPlan.TwinWrites"/> to the plan's
    /// <see cref="PlacementPlan.Next"/>; else the desired total to the target when it changes. A model without an API
    /// (fast mode's own cluster) applies these same writes to its two replica counts.
    /// </summary>
    public static IReadOnlyList<ReplicaWrite> Writes(Decision decision, bool twinned, PoolReplicas current)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!Acts(decision)) return [];
        if (twinned && decision.Placement is { } plan)
        {
            var writes = PlacementPlan.TwinWrites(current, plan.Next);
            var list = new ReplicaWrite[writes.Count];
            for (int i = 0; i < writes.Count; i++)
                list[i] = new ReplicaWrite(writes[i].Part, writes[i].Part == TwinPart.Twin ? current.Eci : current.Ecs, writes[i].Replicas);
            return list;
        }
        // The pools are not split (or the decision made no plan): the target's scale is the whole workload.
        return decision.Rescale ? [new ReplicaWrite(TwinPart.Target, current.Total, decision.DesiredReplicas)] : [];
    }

    /// <summary>Acts on <paramref name="request"/>'s decision; returns the writes made, in order.</summary>
    /// <exception cref="KubeApiException">A write failed; the writes before it were made and reported to <paramref name="observer"/>.</exception>
    /// <exception cref="TwinNotReadyException">The twin exists on the server but was not read yet.</exception>
    public async Task<IReadOnlyList<ReplicaWrite>> ActAsync(ActuationRequest request, IActuationObserver? observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = request.Decision;
        var target = request.Target;
        if (!Acts(decision)) return [];
        bool twinned = request.Twinned;
        var current = request.Current;
        if (twinned && decision.Placement is not null)
        {
            await actuator.AddFinalizerAsync(request.Scaler, ct).ConfigureAwait(false);
            var pod = request.EciDefaults.Resolve(request.Placement!.Eci, request.Ack);
            var state = await actuator.EnsureTwinAsync(target.Kind, request.Scaler, target.Workload!, request.Twin, pod, ct).ConfigureAwait(false);
            if (observer is not null) await observer.TwinEnsuredAsync(state, ct).ConfigureAwait(false);
            // A twin just created holds 0, whatever a stale read said.
            if (state.Created) current = current with { Eci = 0 };
        }
        var planned = Writes(decision, twinned, current);
        if (planned.Count == 0) return planned;
        var twinName = TwinWorkload.NameFor(target.Name);
        var made = new List<ReplicaWrite>(planned.Count);
        foreach (var write in planned)
        {
            await actuator.ScaleAsync(target.Kind, request.Scaler.Namespace, write.Part == TwinPart.Twin ? twinName : target.Name, write.To, ct).ConfigureAwait(false);
            made.Add(write);
            observer?.Wrote(write);
        }
        return made;
    }

    /// <summary>A dry run (the flag or spec.dryRun) touches no workload; an invalid decision is never acted on.</summary>
    private static bool Acts(Decision decision) => !decision.DryRun && decision.SpecErrors.Count == 0;
}
