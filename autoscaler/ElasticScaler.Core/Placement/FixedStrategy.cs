namespace ElasticScaler.Core.Placement;

/// <summary>
/// ecs.replicas on ECS (never more than desired or ecs.maxReplicas), the rest on ECI up to eci.maxReplicas.
/// While ECS pods sit unschedulable past the timeout, and after that until ECS has room (at most drainBack.afterSeconds),
/// no new ECS pods are made and the rest goes to ECI.
/// </summary>
public sealed class FixedStrategy : IPlacementStrategy
{
    public static readonly FixedStrategy Instance = new();

    public string Name => "Fixed";

    public PoolTargets Split(in PlacementContext c)
    {
        int fixedEcs = c.Spec.Ecs?.Replicas ?? 0;
        int ecs = Math.Min(Math.Min(fixedEcs, c.Desired), c.EcsMax);
        if (c.EcsPendingExpired > 0 || c.EcsHeld) ecs = Math.Min(ecs, c.EcsNow);
        int eci = Math.Min(c.Desired - ecs, c.EciMax);
        return new PoolTargets(ecs, eci, Reasons.FixedSplit, new PlacementNote(PlacementNoteKind.Fixed, fixedEcs, ecs, eci));
    }
}
