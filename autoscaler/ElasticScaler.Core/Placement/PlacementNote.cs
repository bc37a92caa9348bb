using System.Globalization;

namespace ElasticScaler.Core.Placement;

/// <summary>Which sentence a strategy's answer is explained by.</summary>
public enum PlacementNoteKind { EcsFirstGrow, DrainBack, ScaleIn, Ratio, Fixed }

/// <summary>
/// A strategy's explanation as its numbers, turned into a sentence only when read, so a steady sync formats
/// nothing. A..E are the sentence's numbers in order (see <see cref="ToString"/>).
/// </summary>
public readonly record struct PlacementNote(PlacementNoteKind Kind, int A = 0, int B = 0, int C = 0, int D = 0, int E = 0)
{
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        return Kind switch
        {
            PlacementNoteKind.EcsFirstGrow => C > 0
                ? string.Create(inv, $"{A} new on ECS ({B} free slots), {C} overflow to ECI")
                : string.Create(inv, $"{A} new on ECS ({B} free slots)"),
            PlacementNoteKind.DrainBack => string.Create(inv, $"ECS has had room long enough: {A} ECI replicas move back to ECS"),
            PlacementNoteKind.ScaleIn => string.Create(inv, $"scale-in by {A}: {B} from ECI first, {A - B} from ECS"),
            PlacementNoteKind.Ratio => string.Create(inv, $"ratio {A}:{B} of {C}: {D} on ECS, {E} on ECI"),
            _ => string.Create(inv, $"{A} fixed on ECS: {B} on ECS, {C} on ECI"),
        };
    }
}

/// <summary>Which headline a plan carries: a shortfall, a wait, or the strategy's own note.</summary>
public enum PlacementHeadlineKind { Strategy, EciDisabled, EciBudgetExhausted, RateLimited, Deferred, PendingMove }

/// <summary>A plan's one-line explanation as numbers; <see cref="PlacementPlan.Message"/> formats it when read.</summary>
public readonly record struct PlacementHeadline(PlacementHeadlineKind Kind, int Desired, int Ecs, int Eci, int Count, int EciMax, PlacementNote Note)
{
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        string split = string.Create(inv, $"{Desired} desired: {Ecs} on ECS, {Eci} on ECI");
        return Kind switch
        {
            PlacementHeadlineKind.EciDisabled => string.Create(inv, $"{split}; {Count} have no place: ECS is full and ECI is disabled, they stay pending"),
            PlacementHeadlineKind.EciBudgetExhausted => string.Create(inv, $"{split}; {Count} have no place: ECS is full and ECI is at its maxReplicas {EciMax}"),
            PlacementHeadlineKind.RateLimited => string.Create(inv, $"{split}; {Count} ECI creations wait for the per-minute limit"),
            PlacementHeadlineKind.Deferred => string.Create(inv, $"{split}; {Count} deletions wait until the new pods are Ready (make-before-break)"),
            PlacementHeadlineKind.PendingMove => string.Create(inv, $"{split}; {Count} ECS pods unschedulable past the timeout move to ECI"),
            _ => $"{split}; {Note}",
        };
    }
}
