using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Placement;

/// <summary>Builds the strategy named in spec.placement.strategy.</summary>
public static class PlacementStrategies
{
    /// <summary>The strategy for a name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">For an unknown name; the message lists the known ones.</exception>
    public static IPlacementStrategy Create(string name) => name.ToLowerInvariant() switch
    {
        "ecsfirst" => EcsFirstStrategy.Instance,
        "fixed" => FixedStrategy.Instance,
        "ratio" => RatioStrategy.Instance,
        _ => throw new ArgumentException($"spec.placement.strategy: \"{name}\": unknown placement strategy; use EcsFirst, Fixed or Ratio", nameof(name)),
    };

    public static IPlacementStrategy Create(PlacementStrategy strategy) => strategy switch
    {
        PlacementStrategy.EcsFirst => EcsFirstStrategy.Instance,
        PlacementStrategy.Fixed => FixedStrategy.Instance,
        PlacementStrategy.Ratio => RatioStrategy.Instance,
        _ => Create(strategy.ToString()),
    };
}
