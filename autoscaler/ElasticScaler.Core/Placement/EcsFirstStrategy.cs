namespace ElasticScaler.Core.Placement;

/// <summary>
/// ECS first, ECI for the overflow (ACK ResourcePolicy's unit order, ElasticWorkload's source-first fill).
/// Works in changes, not absolute targets, so pods already on ECI stay there until drain-back moves them:
/// <list type="bullet">
/// <item>Scale-out: new replicas go to ECS while its nodes have free slots and ecs.maxReplicas allows, the
/// rest to ECI up to eci.maxReplicas.</item>
/// <item>Scale-in: ECI replicas are released first, ECS ones only when no ECI replica remains.</item>
/// <item>Steady, drain-back due: as many ECI replicas as ECS can take move back to ECS.</item>
/// </list>
/// </summary>
public sealed class EcsFirstStrategy : IPlacementStrategy
{
    public static readonly EcsFirstStrategy Instance = new();

    public string Name => "EcsFirst";

    public PoolTargets Split(in PlacementContext c)
    {
        int total = c.EcsNow + c.EciNow;
        int ecs, eci;
        string reason = Reasons.EcsFirst;
        PlacementNote note;
        if (c.Desired >= total)
        {
            int add = c.Desired - total;
            int ecsAdd = Math.Min(add, Math.Min(c.EcsFreeSlots, Math.Max(0, c.EcsMax - c.EcsNow)));
            int eciAdd = add - ecsAdd;
            ecs = c.EcsNow + ecsAdd;
            eci = c.EciNow + eciAdd;
            note = new PlacementNote(PlacementNoteKind.EcsFirstGrow, ecsAdd, c.EcsFreeSlots, eciAdd);
            if (eciAdd > 0)
            {
                reason = Reasons.EciBurst;
            }
            else if (c.DrainBackDue && c.EciNow > 0)
            {
                int back = Math.Min(c.EciNow, Math.Min(c.EcsFreeSlots - ecsAdd, c.EcsMax - ecs));
                if (back > 0)
                {
                    ecs += back;
                    eci -= back;
                    reason = Reasons.DrainBack;
                    note = new PlacementNote(PlacementNoteKind.DrainBack, back);
                }
            }
        }
        else
        {
            int remove = total - c.Desired;
            int fromEci = Math.Min(remove, c.EciNow);
            eci = c.EciNow - fromEci;
            ecs = c.EcsNow - (remove - fromEci);
            if (fromEci > 0) reason = Reasons.EciReleasedFirst;
            note = new PlacementNote(PlacementNoteKind.ScaleIn, remove, fromEci);
        }
        if (ecs > c.EcsMax)
        {
            // ecs.maxReplicas was lowered below what runs there: the surplus moves to ECI.
            eci += ecs - c.EcsMax;
            ecs = c.EcsMax;
        }
        return new PoolTargets(ecs, Math.Min(eci, c.EciMax), reason, note);
    }
}
