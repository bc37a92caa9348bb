namespace ElasticScaler.Core.Placement;

/// <summary>
/// Make-before-break, counted: how far a pool may shrink in this plan. The planner asks it once per pool, ECI
/// first, and both the replica counts to write (<see cref="PlacementPlan.Next"/>) and the pods it names follow the
/// answer, so the rule exists once.
/// <list type="bullet">
/// <item>Ready: while pods are starting (not ready and younger than <see cref="PlacementDefaults.StartupGrace"/>,
/// declared but not created yet, or created or held back by the rate limit in this plan), a Ready replica is removed
/// only if at least desired Ready replicas remain. A controller scaling a pool from C to L deletes its not-ready
/// pods first (<see cref="DeletionRanking"/>), so of R Ready pods it keeps min(R, L): shrinking to L costs
/// max(0, R - L) - max(0, R - C) of the Ready budget.</item>
/// <item>Total: the total after this plan never drops below min(current total, desired): a replica is removed only
/// when its place is taken or it is not needed, so a rebalance whose new pods cannot be made yet (rate limit, ECI
/// budget, ECI disabled) waits. Removals a pool cap forces (a pool above ecs.maxReplicas or eci.maxReplicas, or ECI
/// disabled) are exempt: the spec asks for them even if some replicas then have no place.</item>
/// </list>
/// </summary>
internal struct MakeBeforeBreak
{
    /// <summary>Ready replicas that may still go; long so that "no limit" cannot overflow.</summary>
    private long _readyBudget;
    /// <summary>Replicas that may still go before the total reaches its floor.</summary>
    private long _totalRoom;

    /// <param name="ready">Ready pods now, both pools.</param>
    /// <param name="desired">The total asked for.</param>
    /// <param name="starting">Whether pods are starting (see the type's summary).</param>
    /// <param name="currentTotal">Both pools' replicas before this plan.</param>
    /// <param name="totalAfterCreations">Both pools' replicas after this plan's creations and pending moves.</param>
    public MakeBeforeBreak(int ready, int desired, bool starting, int currentTotal, int totalAfterCreations)
    {
        _readyBudget = starting ? Math.Max(0, ready - desired) : long.MaxValue / 2;
        _totalRoom = Math.Max(0, (long)totalAfterCreations - Math.Min(currentTotal, desired));
    }

    /// <summary>Deletions held back so far (the plan reports them as DrainBackWaiting).</summary>
    public int Deferred { get; private set; }

    /// <summary>
    /// The replicas a pool of <paramref name="count"/> (of which <paramref name="ready"/> pods are Ready) keeps
    /// when its target is <paramref name="target"/>; <paramref name="capForced"/> of the removals are forced by the
    /// pool's cap. Spends the budgets; what is held back adds to <see cref="Deferred"/>.
    /// </summary>
    public int Shrink(int count, int target, int ready, int capForced)
    {
        if (count <= target) return count;
        int want = count - target;
        long byTotal = Math.Min(want, Math.Max(0, capForced) + _totalRoom);
        long keep = count - byTotal;
        // The lowest count that loses no more Ready pods than the budget allows.
        long readyFloor = Math.Min(ready, count) - _readyBudget;
        if (readyFloor > keep) keep = Math.Min(count, readyFloor);
        int next = (int)keep;
        int removed = count - next;
        _totalRoom -= Math.Max(0, removed - Math.Max(0, capForced));
        _readyBudget -= ReadyLost(ready, count, next);
        Deferred += want - removed;
        return next;
    }

    /// <summary>Ready pods a controller deletes when its pool goes from <paramref name="from"/> to <paramref name="to"/>,
    /// beyond those it would delete anyway (not-ready pods go first).</summary>
    public static int ReadyLost(int ready, int from, int to) => Math.Max(0, ready - to) - Math.Max(0, ready - from);

    /// <summary>Adds deletions held back for another reason (ECS waits while an ECI deletion waits).</summary>
    public void Defer(int count) => Deferred += Math.Max(0, count);
}
