namespace ElasticScaler.Core.Placement;

/// <summary>A pool of capacity: the cluster's own nodes or the virtual ECI node.</summary>
public enum PlacementPool { Ecs, Eci }

public enum PlacementActionKind { Create, Delete }

/// <summary>
/// One step of a plan: create <see cref="Count"/> pods in a pool, or delete the named <see cref="Pods"/>.
/// Steps are in the order to apply them: creations first, so replacements exist before anything is removed.
/// </summary>
public sealed record PlacementAction(
    PlacementActionKind Kind,
    PlacementPool Pool,
    int Count,
    IReadOnlyList<string> Pods,
    string Reason,
    string Message);

/// <summary>
/// The outcome of one placement decision: the split it aims for, the replica counts to write now, the ordered
/// pod actions (without declared counts), and the history to pass to the next decision.
/// </summary>
/// <param name="Desired">The total asked for.</param>
/// <param name="EcsReplicas">Replicas the plan places on ECS (the split it aims for).</param>
/// <param name="EciReplicas">Replicas the plan places on ECI (the split it aims for, less what the rate limit holds back).</param>
/// <param name="Unplaced">Desired replicas with no place this time (ECI disabled, budget or rate limit).</param>
/// <param name="Actions">What to do to pods, in order; empty when the input carried declared counts.</param>
/// <param name="History">History for the next decision.</param>
/// <param name="Reason">The main reason token (see <see cref="Reasons"/>).</param>
/// <param name="Headline">Why, as numbers; <see cref="Message"/> is its sentence, formatted when read.</param>
public sealed partial record PlacementPlan(
    int Desired,
    int EcsReplicas,
    int EciReplicas,
    int Unplaced,
    IReadOnlyList<PlacementAction> Actions,
    PlacementHistory History,
    string Reason,
    [property: System.Text.Json.Serialization.JsonIgnore] PlacementHeadline Headline)
{
    /// <summary>A lowercase sentence saying why, e.g. "33 desired: 27 on ECS, 6 on ECI; 5 new on ECS (5 free slots), 6 overflow to ECI".</summary>
    public string Message => Headline.ToString();

    /// <summary>
    /// The replicas each pool should have after this plan: the counts to write now in the twin design (see
    /// <see cref="TwinWrites"/>), honouring every rule (ECI budget and rate limit, ECI released first,
    /// make-before-break, the pending move, drain-back). It can differ from the split while a move is under way:
    /// a replica on its way from one pool to the other is counted in both until its new pod is Ready. Without
    /// declared counts it is what the pools hold once <see cref="Actions"/> are applied.
    /// </summary>
    public PoolReplicas Next { get; init; }
}
