using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// The autoscaling/v2 API defaults for behavior (pkg/apis/autoscaling/v2/defaults.go), field by field:
/// a rule set that is absent, or a field of it that is absent, takes the default; a field that is present wins,
/// even an empty policy list.
/// <list type="bullet">
/// <item>scale-up: stabilization 0 s; policies Pods 4 per 15 s and Percent 100 per 15 s; selectPolicy Max.</item>
/// <item>scale-down: stabilization left unset by the API and filled from the controller's
/// <see cref="ControllerSettings.DownscaleStabilization"/> (300 s); policy Percent 100 per 15 s; selectPolicy Max.</item>
/// <item>tolerance: unset stays unset; the controller's <see cref="ControllerSettings.Tolerance"/> (0.1) applies.</item>
/// </list>
/// </summary>
public static class BehaviorDefaults
{
    public const int ScaleUpLimitPercent = 100;
    public const int ScaleUpLimitMinimumPods = 4;
    public const int ScaleUpPeriodSeconds = 15;
    public const int ScaleUpStabilizationSeconds = 0;
    public const int ScaleDownLimitPercent = 100;
    public const int ScaleDownPeriodSeconds = 15;

    /// <summary>Scale-up's default policies: Pods 4 / 15 s, then Percent 100 / 15 s, in that order.</summary>
    public static IReadOnlyList<ScalingPolicy> ScaleUpPolicies { get; } =
    [
        new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = ScaleUpLimitMinimumPods, PeriodSeconds = ScaleUpPeriodSeconds },
        new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = ScaleUpLimitPercent, PeriodSeconds = ScaleUpPeriodSeconds },
    ];

    /// <summary>Scale-down's default policy: Percent 100 / 15 s.</summary>
    public static IReadOnlyList<ScalingPolicy> ScaleDownPolicies { get; } =
    [
        new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = ScaleDownLimitPercent, PeriodSeconds = ScaleDownPeriodSeconds },
    ];

    /// <summary>HPA's GenerateHPAScaleUpRules: a fully defaulted copy of the scale-up rules.</summary>
    public static ScalingRules GenerateScaleUpRules(ScalingRules? rules) => new()
    {
        StabilizationWindowSeconds = rules?.StabilizationWindowSeconds ?? ScaleUpStabilizationSeconds,
        SelectPolicy = rules?.SelectPolicy ?? SelectPolicy.Max,
        Policies = rules?.Policies ?? ScaleUpPolicies,
        Tolerance = rules?.Tolerance,
    };

    /// <summary>
    /// HPA's GenerateHPAScaleDownRules: a defaulted copy of the scale-down rules whose stabilization stays null when
    /// unset, because the API cannot know the controller's --horizontal-pod-autoscaler-downscale-stabilization.
    /// </summary>
    public static ScalingRules GenerateScaleDownRules(ScalingRules? rules) => new()
    {
        StabilizationWindowSeconds = rules?.StabilizationWindowSeconds,
        SelectPolicy = rules?.SelectPolicy ?? SelectPolicy.Max,
        Policies = rules?.Policies ?? ScaleDownPolicies,
        Tolerance = rules?.Tolerance,
    };

    /// <summary>The scale-up rules the engine applies, without allocating.</summary>
    public static DirectionRules ResolveScaleUp(ScalingRules? rules) => new(
        rules?.StabilizationWindowSeconds ?? ScaleUpStabilizationSeconds,
        rules?.SelectPolicy ?? SelectPolicy.Max,
        rules?.Policies ?? ScaleUpPolicies);

    /// <summary>The scale-down rules the engine applies: an unset window takes the controller's (HPA's maybeInitScaleDownStabilizationWindow).</summary>
    public static DirectionRules ResolveScaleDown(ScalingRules? rules, ControllerSettings settings) => new(
        rules?.StabilizationWindowSeconds ?? (int)settings.DownscaleStabilization.TotalSeconds,
        rules?.SelectPolicy ?? SelectPolicy.Max,
        rules?.Policies ?? ScaleDownPolicies);

    /// <summary>
    /// The tolerance pair the replica calculation uses (KEP-4951): each direction's <c>tolerance</c> when set,
    /// else the controller-wide <see cref="ControllerSettings.Tolerance"/>. Behavior only passes it through.
    /// </summary>
    public static (double ScaleDown, double ScaleUp) Tolerances(BehaviorSpec? behavior, ControllerSettings settings) =>
        (ToDouble(behavior?.ScaleDown?.Tolerance) ?? settings.Tolerance,
         ToDouble(behavior?.ScaleUp?.Tolerance) ?? settings.Tolerance);

    private static double? ToDouble(Quantity? q) => q is { } v ? (double)v.Value : null;
}
