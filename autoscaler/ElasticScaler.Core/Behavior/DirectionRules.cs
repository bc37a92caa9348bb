using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// One direction's scaling rules with every default filled in: what HPA holds after
/// GenerateHPAScale{Up,Down}Rules plus maybeInitScaleDownStabilizationWindow. A struct that borrows the spec's
/// policy list (or a shared default list), so resolving it per decision allocates nothing.
/// </summary>
public readonly record struct DirectionRules(
    int StabilizationWindowSeconds,
    SelectPolicy SelectPolicy,
    IReadOnlyList<ScalingPolicy> Policies)
{
    /// <summary>HPA's getLongestPolicyPeriod: the longest PeriodSeconds, 0 without policies.</summary>
    public int LongestPolicyPeriodSeconds
    {
        get
        {
            int longest = 0;
            for (int i = 0; i < Policies.Count; i++)
                if (Policies[i].PeriodSeconds > longest) longest = Policies[i].PeriodSeconds;
            return longest;
        }
    }
}
