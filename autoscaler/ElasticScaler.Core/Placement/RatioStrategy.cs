namespace ElasticScaler.Core.Placement;

/// <summary>
/// A fixed ECS:ECI proportion, e.g. 70:30. ECS gets round-half-up of desired·ecs/(ecs+eci), computed in
/// integers as (2·desired·ecs + w) / (2·w) with w = ecs + eci, and ECI the rest, so each pool is within
/// ±1/2 (hence ±1) of its exact share. ecs.maxReplicas and eci.maxReplicas still cap each pool. ECS
/// capacity is not consulted: pods that do not fit go pending and the pending timeout moves them to ECI,
/// and while such pods exist, and after that until ECS has room (at most drainBack.afterSeconds), no new ECS pods are made.
/// </summary>
public sealed class RatioStrategy : IPlacementStrategy
{
    public static readonly RatioStrategy Instance = new();

    public string Name => "Ratio";

    /// <summary>Round-half-up of desired·ecs/(ecs+eci).</summary>
    public static int EcsShare(int desired, int ecsWeight, int eciWeight)
    {
        long w = ecsWeight + (long)eciWeight;
        return w == 0 ? 0 : (int)((2L * desired * ecsWeight + w) / (2L * w));
    }

    public PoolTargets Split(in PlacementContext c)
    {
        var ratio = c.Spec.Ratio ??
                    throw new ArgumentException("spec.placement.ratio: null: strategy Ratio needs weights, such as {ecs: 70, eci: 30}");
        int ecs = Math.Min(EcsShare(c.Desired, ratio.Ecs, ratio.Eci), c.EcsMax);
        if (c.EcsPendingExpired > 0 || c.EcsHeld) ecs = Math.Min(ecs, c.EcsNow);
        int eci = Math.Min(c.Desired - ecs, c.EciMax);
        return new PoolTargets(ecs, eci, Reasons.RatioSplit, new PlacementNote(PlacementNoteKind.Ratio, ratio.Ecs, ratio.Eci, c.Desired, ecs, eci));
    }
}
