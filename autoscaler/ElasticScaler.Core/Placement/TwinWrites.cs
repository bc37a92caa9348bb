namespace ElasticScaler.Core.Placement;

/// <summary>Which of the two workloads a scale write goes to: the user's target (ECS) or the service's twin (ECI).</summary>
public enum TwinPart { Target, Twin }

/// <summary>Write <paramref name="Replicas"/> to scale.spec.replicas of <paramref name="Part"/>.</summary>
public readonly record struct ScaleWrite(TwinPart Part, int Replicas);

public sealed partial record PlacementPlan
{
    /// <summary>
    /// The /scale writes that take the twin design from <paramref name="current"/> (the target's and the twin's
    /// scale.spec.replicas) to <paramref name="next"/> (<see cref="Next"/>), in the order to make them: increments
    /// before decrements, and the twin before the target in each. So the total never dips below
    /// min(current, next) between two writes:
    /// <list type="bullet">
    /// <item>scale-in shrinks the twin before the target (ECI is released first);</item>
    /// <item>a pending move is twin +k, then target -k (the ReplicaSet deletes its unassigned pods first);</item>
    /// <item>drain-back is target +k now; the twin's -k comes from a later plan, once the new ECS pods are Ready;</item>
    /// <item>Ratio and Fixed rebalancing grow one part before the other shrinks.</item>
    /// </list>
    /// If a write fails, stop: the next sync reads both counts again and plans from there.
    /// Nothing to write gives an empty list.
    /// </summary>
    /// <example><c>TwinWrites(new(Ecs: 20, Eci: 5), new(Ecs: 19, Eci: 6))</c> is [(Twin, 6), (Target, 19)].</example>
    public static IReadOnlyList<ScaleWrite> TwinWrites(PoolReplicas current, PoolReplicas next)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(next.Ecs, nameof(next));
        ArgumentOutOfRangeException.ThrowIfNegative(next.Eci, nameof(next));
        if (current == next) return [];
        var writes = new List<ScaleWrite>(2);
        if (next.Eci > current.Eci) writes.Add(new ScaleWrite(TwinPart.Twin, next.Eci));
        if (next.Ecs > current.Ecs) writes.Add(new ScaleWrite(TwinPart.Target, next.Ecs));
        if (next.Eci < current.Eci) writes.Add(new ScaleWrite(TwinPart.Twin, next.Eci));
        if (next.Ecs < current.Ecs) writes.Add(new ScaleWrite(TwinPart.Target, next.Ecs));
        return writes;
    }
}
