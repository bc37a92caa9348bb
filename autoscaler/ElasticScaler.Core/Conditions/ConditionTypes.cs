namespace ElasticScaler.Core.Conditions;

/// <summary>
/// The condition types an ElasticScaler reports. The first three are HPA's, with HPA's meaning; the last two are
/// ours and appear only when their feature is configured (<c>behavior.panic.enabled</c>, <c>fallback</c>).
/// </summary>
public static class ConditionTypes
{
    /// <summary>Whether the scaler can fetch and update the target's scale, and whether a backoff applies.</summary>
    public const string AbleToScale = nameof(AbleToScale);

    /// <summary>Whether the scaler computes replicas from metrics (False: metrics failed, or the target is at 0).</summary>
    public const string ScalingActive = nameof(ScalingActive);

    /// <summary>Whether the desired count was limited by min/max or a rate policy.</summary>
    public const string ScalingLimited = nameof(ScalingLimited);

    /// <summary>KPA-style panic mode: True while panicking.</summary>
    public const string Panic = nameof(Panic);

    /// <summary>KEDA-style fallback: True while the fallback size replaces the failing metrics.</summary>
    public const string Fallback = nameof(Fallback);
}
