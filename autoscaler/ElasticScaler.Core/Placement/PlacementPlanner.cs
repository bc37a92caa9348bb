using System.Collections.Immutable;
using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>
/// Turns a desired total into a placement plan: how many replicas on ECS and on ECI, the replica counts to write
/// now (<see cref="PlacementPlan.Next"/>) and, without declared counts, which pods to create or delete, in order.
/// Pure: everything comes in through <see cref="PlacementInput"/> (time too), and the history to keep comes back
/// in the plan.
/// <para>Rules, in the order they apply:</para>
/// <list type="number">
/// <item>Pods are sorted into pools: a pod of the twin workload (label <see cref="AckLabels.PoolLabel"/>=<see cref="AckLabels.PoolEci"/>)
/// is ECI, bound or not; so is a pod bound to a virtual node (<see cref="AckLabels.IsVirtualNode"/>), or unbound but
/// made for ECI (a nodeSelector for the virtual node or eci.nodeSelector, or ACK's ECI label,
/// <see cref="AckLabels.RequestsEci"/>); the rest are ECS. Terminating, Succeeded and Failed pods are ignored.</item>
/// <item>What each pool holds now is <see cref="PlacementInput.Declared"/> when given (the target's and the twin's
/// scale.spec.replicas), else the pods counted.</item>
/// <item>ECS pods unschedulable (PodScheduled False, reason Unschedulable) for pendingTimeoutSeconds
/// (default 20) stop counting as ECS; while any exist, ECS is treated as full. They go once a
/// replacement is created (on ECI), or at once when they are not needed.</item>
/// <item>The strategy splits the total (<see cref="IPlacementStrategy"/>).</item>
/// <item>ECI creations are held to eci.maxCreatePerMinute over a sliding minute (<see cref="EciBudget"/>); a dry
/// run records none.</item>
/// <item>Shrinks take ECI first: while the ECI shrink waits, ECS does not shrink. How far a pool shrinks is
/// <see cref="MakeBeforeBreak"/>: while pods start a Ready replica goes only if desired Ready replicas remain, and
/// the total stays at or above min(current, desired) unless a pool cap forces it down. The pods named for deletion
/// follow the ReplicaSet's order (<see cref="DeletionRanking"/>), as the controllers' own scale-down does. This is
/// what makes drain-back and rebalancing wait for the new pods to be Ready before old ones go.</item>
/// <item>Drain-back: when ECS has had free slots for drainBack.afterSeconds (default 300) while ECI replicas
/// ran, EcsFirst moves up to that many of them back to ECS.</item>
/// </list>
/// </summary>
public static class PlacementPlanner
{
    private static readonly PlacementSpec DefaultSpec = new();

    public static PlacementPlan Plan(PlacementInput input)
    {
        var spec = input.Spec ?? DefaultSpec;
        var strategy = PlacementStrategies.Create(spec.Strategy);
        var now = input.Now;
        var history = input.History;
        int desired = Math.Max(0, input.Desired);
        var pendingTimeout = spec.PendingTimeoutSeconds is { } pt ? TimeSpan.FromSeconds(pt) : PlacementDefaults.PendingTimeout;
        bool eciEnabled = spec.Eci?.Enabled ?? true;
        int eciMax = !eciEnabled ? 0 : spec.Eci?.MaxReplicas ?? int.MaxValue;
        int ecsMax = spec.Ecs?.MaxReplicas ?? int.MaxValue;
        int perMinute = spec.Eci?.MaxCreatePerMinute ?? PlacementDefaults.EciMaxCreatePerMinute;

        // 1. Pools: counted in one pass; pods are collected only when some must be named (deletions).
        var virtualNodes = VirtualNodeNames(input.Nodes);
        var census = new Census();
        ImmutableDictionary<string, DateTimeOffset>.Builder? pending = null;
        List<PodState>? expiredPods = null;
        for (int i = 0; i < input.Pods.Count; i++)
        {
            var pod = input.Pods[i];
            switch (Classify(pod, virtualNodes, spec.Eci, history, now, pendingTimeout, out var since))
            {
                case PodPool.Ignored:
                    continue;
                case PodPool.Eci:
                    census.Count(pod, now, eci: true);
                    continue;
                case PodPool.EcsExpired:
                    (pending ??= history.PendingSince.Clear().ToBuilder())[pod.Name] = since;
                    (expiredPods ??= []).Add(pod);
                    continue;
                case PodPool.EcsPending:
                    (pending ??= history.PendingSince.Clear().ToBuilder())[pod.Name] = since;
                    census.FreshPending++;
                    census.Count(pod, now, eci: false);
                    continue;
                default:
                    census.Count(pod, now, eci: false);
                    continue;
            }
        }
        int expired = expiredPods?.Count ?? 0;

        // 2. What each pool holds now: the declared replicas when given (pods lag behind spec), else the pods.
        //    ECS counts its unschedulable-past-the-timeout pods here; the strategy sees them apart.
        int ecsPods = census.Ecs + expired;
        var declared = input.Declared;
        int ecsCount = declared is { Ecs: var e } ? Math.Max(0, e) : ecsPods;
        int eciCount = declared is { Eci: var c } ? Math.Max(0, c) : census.Eci;
        int unbornEcs = Math.Max(0, ecsCount - ecsPods), unbornEci = Math.Max(0, eciCount - census.Eci);
        int expiredCounted = Math.Min(expired, ecsCount);
        int ecsNow = ecsCount - expiredCounted;

        // 3. ECS room, less what pending ECS pods and ECS replicas not created yet will take, and how long it has lasted.
        int room = EcsCapacity.FreeSlots(input.Nodes, input.Template, spec.Ecs);
        int free = expired > 0 ? 0 : Math.Max(0, room - census.FreshPending - unbornEcs);
        DateTimeOffset? roomSince = free > 0 && eciCount > 0 ? history.EcsRoomSince ?? now : null;
        var drainAfter = spec.DrainBack?.AfterSeconds is { } da ? TimeSpan.FromSeconds(da) : PlacementDefaults.DrainBackAfter;
        bool drainDue = spec.DrainBack?.Enabled == true && roomSince is { } rs && now - rs >= drainAfter;
        // ECS said no (pods unschedulable past the timeout) now, or since, with no room on ECS since then: held for
        // drainBack.afterSeconds, after which an ECS pod is asked for again (a cluster autoscaler may have added nodes).
        DateTimeOffset? unschedulableAt = expired > 0 ? now
            : history.EcsUnschedulableAt is { } u && free == 0 && now - u < drainAfter ? u : null;

        // 4. Split.
        var targets = strategy.Split(new PlacementContext(desired, ecsNow, eciCount, free, expiredCounted, ecsMax, eciMax, drainDue, spec)
        {
            EcsHeld = unschedulableAt is not null,
        });
        int targetEcs = Math.Max(0, targets.Ecs), targetEci = Math.Max(0, targets.Eci);
        int unplaced = Math.Max(0, desired - targetEcs - targetEci);

        // 5. Creations, ECI within the per-minute budget; ECS pods unschedulable past the timeout go once replaced
        //    (or at once when not needed).
        int createEcs = Math.Max(0, targetEcs - ecsNow);
        int wantEci = Math.Max(0, targetEci - eciCount);
        int createEci = Math.Min(wantEci, EciBudget.Remaining(history.EciCreations, now, perMinute));
        int rateLimited = wantEci - createEci;
        int alive = ecsNow + eciCount;
        int replaceExpired = alive >= desired ? expiredCounted : Math.Min(expiredCounted, createEcs + createEci);

        // 6. Shrinks, ECI first, make-before-break. ECS keeps the unschedulable pods not replaced yet in its count;
        //    if it shrinks, its controller deletes those first (unassigned pods rank first).
        bool starting = createEcs + createEci + rateLimited > 0 || census.Starting || unbornEcs + unbornEci > 0;
        int ecsAfterMove = ecsCount - replaceExpired + createEcs;
        // Ready pods beyond a pool's declared count are on their way out already; they keep nothing up.
        int readyKept = Math.Min(census.ReadyEcs, ecsCount) + Math.Min(census.ReadyEci, eciCount);
        var mbb = new MakeBeforeBreak(readyKept, desired, starting, ecsCount + eciCount, ecsAfterMove + eciCount + createEci);
        int eciNext = eciCount + createEci;
        if (eciCount > targetEci) eciNext = mbb.Shrink(eciCount, targetEci, census.ReadyEci, Math.Max(0, eciCount - eciMax));
        int ecsTarget = targetEcs + (expiredCounted - replaceExpired);
        int ecsNext = ecsAfterMove;
        // ECI is released first: while an ECI shrink waits, so does the ECS one.
        if (mbb.Deferred > 0) mbb.Defer(ecsAfterMove - ecsTarget);
        else if (ecsAfterMove > ecsTarget) ecsNext = mbb.Shrink(ecsAfterMove, ecsTarget, census.ReadyEcs, Math.Max(0, ecsNow - ecsMax));
        var next = new PoolReplicas(ecsNext, eciNext);

        // 7. Without declared counts, the same numbers as pod actions: creations first, then the pods to delete,
        //    named in the ReplicaSet's order with no more Ready ones than the shrink allows.
        var actions = declared is null
            ? Actions(input, strategy, targets, pendingTimeout, perMinute, virtualNodes, spec.Eci, history, expiredPods,
                createEcs, createEci, rateLimited, replaceExpired, eciCount - eciNext, MakeBeforeBreak.ReadyLost(census.ReadyEci, eciCount, eciNext),
                ecsAfterMove - ecsNext, MakeBeforeBreak.ReadyLost(census.ReadyEcs, ecsAfterMove, ecsNext))
            : [];

        // 8. History and the headline reason.
        // A dry run makes nothing, so it spends none of the per-minute ECI budget.
        var newHistory = NextHistory(history, now, input.DryRun ? 0 : createEci, roomSince, pending, unschedulableAt);
        var (reason, headline) = Headline(targets, unplaced, rateLimited, mbb.Deferred, Math.Min(createEci, replaceExpired), eciEnabled, eciMax, desired,
            targetEcs, targetEci - rateLimited);
        return new PlacementPlan(desired, targetEcs, targetEci - rateLimited, unplaced + rateLimited, actions, newHistory, reason, headline)
        {
            Next = next,
        };
    }

    /// <summary>The plan as pod actions, in the order to apply them.</summary>
    private static IReadOnlyList<PlacementAction> Actions(PlacementInput input, IPlacementStrategy strategy, PoolTargets targets, TimeSpan pendingTimeout,
        int perMinute, string[] virtualNodes, EciPoolSpec? eciSpec, PlacementHistory history, List<PodState>? expiredPods,
        int createEcs, int createEci, int rateLimited, int replaceExpired, int deleteEci, int readyEci, int deleteEcs, int readyEcs)
    {
        List<PlacementAction>? actions = null;
        if (createEcs > 0)
        {
            (actions ??= new List<PlacementAction>(4)).Add(new PlacementAction(PlacementActionKind.Create, PlacementPool.Ecs, createEcs, [],
                targets.Reason == Reasons.DrainBack ? Reasons.DrainBack : strategy.Name == "EcsFirst" ? Reasons.EcsFirst : targets.Reason,
                $"create {createEcs} on ECS"));
        }
        if (createEci > 0)
        {
            int replacing = Math.Min(createEci, replaceExpired);   // the same count the headline's pending move reports
            string eciReason = rateLimited > 0 ? Reasons.EciCreateRateLimited : replacing > 0 ? Reasons.PendingTimeout : Reasons.EciBurst;
            string note = rateLimited > 0 ? $" ({rateLimited} more held back by the limit of {perMinute} per minute)" : "";
            if (replacing > 0) note += $"; {replacing} replace ECS pods unschedulable for {pendingTimeout.TotalSeconds:0}s or more";
            (actions ??= new List<PlacementAction>(4)).Add(new PlacementAction(PlacementActionKind.Create, PlacementPool.Eci, createEci, [], eciReason, $"create {createEci} on ECI{note}"));
        }
        if (replaceExpired > 0)
        {
            var names = new string[replaceExpired];
            for (int i = 0; i < replaceExpired; i++) names[i] = expiredPods![i].Name;
            (actions ??= new List<PlacementAction>(4)).Add(new PlacementAction(PlacementActionKind.Delete, PlacementPool.Ecs, replaceExpired, names, Reasons.PendingTimeout,
                $"delete {replaceExpired} ECS pods unschedulable for {pendingTimeout.TotalSeconds:0}s or more"));
        }
        if (deleteEci > 0)
        {
            var eciDeleted = PickDeletions(Collect(input.Pods, virtualNodes, eciSpec, history, input.Now, pendingTimeout, PodPool.Eci, skip: 0, expiredPods),
                input.Pods, input.Now, deleteEci, readyEci);
            (actions ??= new List<PlacementAction>(4)).Add(new PlacementAction(PlacementActionKind.Delete, PlacementPool.Eci, eciDeleted.Length, eciDeleted,
                Reasons.EciReleasedFirst, $"delete {eciDeleted.Length} ECI pods (ECI is released first)"));
        }
        if (deleteEcs > 0)
        {
            var ecsDeleted = PickDeletions(Collect(input.Pods, virtualNodes, eciSpec, history, input.Now, pendingTimeout, PodPool.Ecs, skip: replaceExpired, expiredPods),
                input.Pods, input.Now, deleteEcs, readyEcs);
            (actions ??= new List<PlacementAction>(4)).Add(new PlacementAction(PlacementActionKind.Delete, PlacementPool.Ecs, ecsDeleted.Length, ecsDeleted,
                targets.Reason, $"delete {ecsDeleted.Length} ECS pods"));
        }
        return actions is null ? [] : actions;
    }

    private static (string Reason, PlacementHeadline Headline) Headline(PoolTargets t, int unplaced, int rateLimited, int deferred, int moved,
        bool eciEnabled, int eciMax, int desired, int ecs, int eci)
    {
        if (unplaced > 0 && !eciEnabled)
            return (Reasons.EciDisabled, new PlacementHeadline(PlacementHeadlineKind.EciDisabled, desired, ecs, eci, unplaced, eciMax, t.Note));
        if (unplaced > 0)
            return (Reasons.EciBudgetExhausted, new PlacementHeadline(PlacementHeadlineKind.EciBudgetExhausted, desired, ecs, eci, unplaced, eciMax, t.Note));
        if (rateLimited > 0)
            return (Reasons.EciCreateRateLimited, new PlacementHeadline(PlacementHeadlineKind.RateLimited, desired, ecs, eci, rateLimited, eciMax, t.Note));
        if (deferred > 0)
            return (Reasons.DrainBackWaiting, new PlacementHeadline(PlacementHeadlineKind.Deferred, desired, ecs, eci, deferred, eciMax, t.Note));
        // With declared counts there are no pod actions to carry it, so the plan itself says a pending move happens.
        if (moved > 0)
            return (Reasons.PendingTimeout, new PlacementHeadline(PlacementHeadlineKind.PendingMove, desired, ecs, eci, moved, eciMax, t.Note));
        return (t.Reason, new PlacementHeadline(PlacementHeadlineKind.Strategy, desired, ecs, eci, 0, eciMax, t.Note));
    }

    private static PlacementHistory NextHistory(PlacementHistory history, DateTimeOffset now, int createdEci, DateTimeOffset? roomSince,
        ImmutableDictionary<string, DateTimeOffset>.Builder? pending, DateTimeOffset? unschedulableAt)
    {
        var creations = EciBudget.Record(history.EciCreations, now, createdEci);
        var pendingSince = pending?.ToImmutable() ??
                           (history.PendingSince.IsEmpty ? history.PendingSince : history.PendingSince.Clear());
        if (creations == history.EciCreations && roomSince == history.EcsRoomSince && pendingSince == history.PendingSince
            && unschedulableAt == history.EcsUnschedulableAt)
            return history;
        return history with { EciCreations = creations, EcsRoomSince = roomSince, PendingSince = pendingSince, EcsUnschedulableAt = unschedulableAt };
    }

    /// <summary><paramref name="count"/> pods of the pool in the ReplicaSet's order, no more than
    /// <paramref name="readyAllowed"/> of them Ready (the shrink's make-before-break allowance).</summary>
    private static string[] PickDeletions(PodState[] pool, IReadOnlyList<PodState> related, DateTimeOffset now, int count, int readyAllowed)
    {
        var ranked = DeletionRanking.Order(pool, DeletionRanking.PodsPerNode(related), now);
        var picked = new List<string>(Math.Min(count, ranked.Length));
        for (int i = 0; i < ranked.Length && picked.Count < count; i++)
        {
            if (DeletionRanking.IsReady(ranked[i]))
            {
                if (readyAllowed <= 0) continue;
                readyAllowed--;
            }
            picked.Add(ranked[i].Name);
        }
        return [.. picked];
    }

    /// <summary>The pods of one pool, for naming deletions: ECI, or ECS (bound, pending, and the unschedulable ones
    /// past the timeout after the first <paramref name="skip"/>, which the plan already deletes as replaced).</summary>
    private static PodState[] Collect(IReadOnlyList<PodState> pods, string[] virtualNodes, EciPoolSpec? eci, PlacementHistory history,
        DateTimeOffset now, TimeSpan pendingTimeout, PodPool pool, int skip, List<PodState>? expiredPods)
    {
        var list = new List<PodState>();
        for (int i = 0; i < pods.Count; i++)
        {
            var kind = Classify(pods[i], virtualNodes, eci, history, now, pendingTimeout, out _);
            if (kind == pool || (pool == PodPool.Ecs && kind == PodPool.EcsPending)) list.Add(pods[i]);
        }
        if (pool == PodPool.Ecs && expiredPods is not null)
            for (int i = skip; i < expiredPods.Count; i++) list.Add(expiredPods[i]);
        return [.. list];
    }

    private static PodPool Classify(PodState pod, string[] virtualNodes, EciPoolSpec? eci, PlacementHistory history,
        DateTimeOffset now, TimeSpan pendingTimeout, out DateTimeOffset pendingSince)
    {
        pendingSince = default;
        if (pod.DeletionTimestamp is not null || pod.Phase is PodPhase.Succeeded or PodPhase.Failed) return PodPool.Ignored;
        if (IsEci(pod, virtualNodes, eci)) return PodPool.Eci;
        if (pod.NodeName is not null || pod.Scheduled is not { Status: false, Reason: "Unschedulable" } sched) return PodPool.Ecs;
        pendingSince = history.PendingSince.TryGetValue(pod.Name, out var known)
            ? known
            : sched.LastTransitionTime ?? pod.CreationTimestamp ?? now;
        return now - pendingSince >= pendingTimeout ? PodPool.EcsExpired : PodPool.EcsPending;
    }

    private static string[] VirtualNodeNames(IReadOnlyList<NodeState> nodes)
    {
        int count = 0;
        for (int i = 0; i < nodes.Count; i++) if (nodes[i].IsVirtual) count++;
        if (count == 0) return [];
        var names = new string[count];
        for (int i = 0, j = 0; i < nodes.Count; i++) if (nodes[i].IsVirtual) names[j++] = nodes[i].Name;
        return names;
    }

    /// <summary>A twin's pod, bound to a virtual node, or unbound and made for ECI.</summary>
    internal static bool IsEci(PodState pod, string[] virtualNodes, EciPoolSpec? eci)
    {
        // The twin's pods are ECI whatever their node: the twin's count is what the service writes, and a twin pod
        // pending for ECI capacity must never look like an unschedulable ECS pod to move.
        if (pod.Labels.TryGetValue(AckLabels.PoolLabel, out var pool) && pool == AckLabels.PoolEci) return true;
        if (pod.NodeName is { } node) return Array.IndexOf(virtualNodes, node) >= 0;
        if (AckLabels.RequestsEci(pod.Labels)) return true;
        if (pod.NodeSelector is not { } selector) return false;
        if (AckLabels.IsVirtualNode(selector)) return true;
        return eci?.NodeSelector is { Count: > 0 } eciSelector && Tolerations.Matches(eciSelector, selector);
    }

    private enum PodPool { Ignored, Ecs, EcsPending, EcsExpired, Eci }

    /// <summary>Counts of one decision's live pods.</summary>
    private struct Census
    {
        /// <summary>ECS pods: bound to an ECS node, or pending within the timeout.</summary>
        public int Ecs;
        public int Eci;
        public int FreshPending;
        public int ReadyEcs;
        public int ReadyEci;
        /// <summary>Some pod is not ready yet but young enough to be starting (see PlacementDefaults.StartupGrace).</summary>
        public bool Starting;

        public void Count(PodState pod, DateTimeOffset now, bool eci)
        {
            if (eci) Eci++;
            else Ecs++;
            if (DeletionRanking.IsReady(pod))
            {
                if (eci) ReadyEci++;
                else ReadyEcs++;
            }
            else if (pod.CreationTimestamp is not { } created || now - created < PlacementDefaults.StartupGrace) Starting = true;
        }
    }
}
