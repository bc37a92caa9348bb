namespace ElasticScaler.Core.Placement;

/// <summary>
/// The twin workload's name. The user's Deployment or StatefulSet stays the ECS part; the service owns a twin of
/// the same kind for the ECI part, named after the target so one can be found from the other.
/// </summary>
public static class TwinNames
{
    /// <summary>What the twin adds to the target's name: <c>-eci</c>.</summary>
    public const string Suffix = "-eci";

    /// <summary>The twin of <paramref name="target"/>, e.g. <c>web</c> → <c>web-eci</c>.</summary>
    public static string For(string target)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        return target + Suffix;
    }
}
