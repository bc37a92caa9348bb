namespace ElasticScaler.Core.Placement;

/// <summary>
/// Splits the desired total between ECS and ECI. A strategy only decides the split; the planner turns it
/// into actions (which pods, in what order, within the ECI rate limit, make-before-break).
/// To add one: a file implementing this, a case in <see cref="PlacementStrategies.Create(string)"/>, tests.
/// </summary>
public interface IPlacementStrategy
{
    /// <summary>The name used in spec.placement.strategy.</summary>
    string Name { get; }

    /// <summary>The split for this decision.</summary>
    PoolTargets Split(in PlacementContext context);
}

/// <summary>What a strategy sees.</summary>
/// <param name="Desired">Total replicas wanted.</param>
/// <param name="EcsNow">ECS replicas alive: the declared ECS count (or the ECS pods: bound, or pending within the
/// timeout) less those unschedulable past the timeout.</param>
/// <param name="EciNow">ECI replicas: the declared ECI count, or the ECI pods.</param>
/// <param name="EcsFreeSlots">New pods ECS nodes can still take (pending ECS pods and ECS replicas declared but not
/// created yet already subtracted); 0 while ECS pods sit unschedulable past the timeout, because then the nodes'
/// numbers are not to be trusted.</param>
/// <param name="EcsPendingExpired">ECS pods unschedulable past the timeout; they are not counted in EcsNow.</param>
/// <param name="EcsMax">ECS cap (int.MaxValue when none).</param>
/// <param name="EciMax">ECI cap (int.MaxValue when none; 0 when ECI is disabled).</param>
/// <param name="DrainBackDue">ECS has had room for drainBack.afterSeconds and drain-back is enabled.</param>
/// <param name="Spec">The placement spec with defaults filled.</param>
public readonly record struct PlacementContext(
    int Desired,
    int EcsNow,
    int EciNow,
    int EcsFreeSlots,
    int EcsPendingExpired,
    int EcsMax,
    int EciMax,
    bool DrainBackDue,
    Spec.PlacementSpec Spec)
{
    /// <summary>
    /// ECS pods went unschedulable past the timeout, now or since with no room on ECS since (for at most
    /// drainBack.afterSeconds, <see cref="PlacementHistory.EcsUnschedulableAt"/>): strategies that do not consult
    /// room make no new ECS pods.
    /// </summary>
    public bool EcsHeld { get; init; }
}

/// <summary>A strategy's answer: target counts per pool, with its reason and the note that explains it.</summary>
public readonly record struct PoolTargets(int Ecs, int Eci, string Reason, PlacementNote Note)
{
    public string Message => Note.ToString();
}
