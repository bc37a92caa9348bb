using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Placement;

/// <summary>Every problem with spec.placement at once, each as <c>path: value: why</c>.</summary>
public static class PlacementValidator
{
    public static IReadOnlyList<string> Validate(PlacementSpec? spec)
    {
        var errors = new List<string>();
        if (spec is null) return errors;
        const string p = "spec.placement";
        if (!Enum.IsDefined(spec.Strategy))
            errors.Add($"{p}.strategy: \"{spec.Strategy}\": unknown placement strategy; use EcsFirst, Fixed or Ratio");
        if (spec.Ecs?.MaxReplicas is < 0) errors.Add($"{p}.ecs.maxReplicas: {spec.Ecs.MaxReplicas}: must be 0 or more");
        if (spec.Ecs?.Replicas is < 0) errors.Add($"{p}.ecs.replicas: {spec.Ecs.Replicas}: must be 0 or more");
        if (spec.Eci?.MaxReplicas is < 0) errors.Add($"{p}.eci.maxReplicas: {spec.Eci.MaxReplicas}: must be 0 or more");
        if (spec.Eci?.MaxCreatePerMinute is < 1)
            errors.Add($"{p}.eci.maxCreatePerMinute: {spec.Eci.MaxCreatePerMinute}: must be 1 or more (default {PlacementDefaults.EciMaxCreatePerMinute})");
        if (spec.Strategy == PlacementStrategy.Ratio && spec.Ratio is null)
            errors.Add($"{p}.ratio: null: strategy Ratio needs weights, such as {{ecs: 70, eci: 30}}");
        if (spec.Ratio is { } r)
        {
            if (r.Ecs < 0) errors.Add($"{p}.ratio.ecs: {r.Ecs}: must be 0 or more");
            if (r.Eci < 0) errors.Add($"{p}.ratio.eci: {r.Eci}: must be 0 or more");
            if (r.Ecs + r.Eci <= 0 && r.Ecs >= 0 && r.Eci >= 0) errors.Add($"{p}.ratio: {r.Ecs}:{r.Eci}: the weights must not both be 0");
        }
        if (spec.Strategy == PlacementStrategy.Fixed && spec.Ecs?.Replicas is null)
            errors.Add($"{p}.ecs.replicas: null: strategy Fixed needs the number of ECS replicas");
        if (spec.PendingTimeoutSeconds is < 0) errors.Add($"{p}.pendingTimeoutSeconds: {spec.PendingTimeoutSeconds}: must be 0 or more");
        if (spec.DrainBack?.AfterSeconds is < 0) errors.Add($"{p}.drainBack.afterSeconds: {spec.DrainBack.AfterSeconds}: must be 0 or more");
        return errors;
    }
}
