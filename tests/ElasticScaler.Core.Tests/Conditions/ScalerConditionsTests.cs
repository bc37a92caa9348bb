using ElasticScaler.Core.Conditions;

namespace ElasticScaler.Core.Tests.Conditions;

public sealed class ScalerConditionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);

    [Fact]
    public void A_missing_condition_is_appended_with_the_time_of_now()
    {
        var list = ScalerConditions.Set([], ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "m", T0);
        Assert.Equal<ScalerCondition>([new ScalerCondition(ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "m", T0)], list);
    }

    [Fact]
    public void Transition_time_moves_only_when_the_status_flips()
    {
        var list = ScalerConditions.Set([], ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.DesiredWithinRange, "a", T0);

        var sameStatus = ScalerConditions.Set(list, ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.TooFewReplicas, "b", T1);
        var flipped = ScalerConditions.Set(list, ConditionTypes.ScalingLimited, ConditionStatus.True, Reasons.TooManyReplicas, "c", T1);

        Assert.Equal(new ScalerCondition(ConditionTypes.ScalingLimited, ConditionStatus.False, Reasons.TooFewReplicas, "b", T0), sameStatus.Single());
        Assert.Equal(new ScalerCondition(ConditionTypes.ScalingLimited, ConditionStatus.True, Reasons.TooManyReplicas, "c", T1), flipped.Single());
    }

    [Fact]
    public void An_unchanged_condition_returns_the_same_list()
    {
        var list = ScalerConditions.Set([], ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "m", T0);
        var again = ScalerConditions.Set(list, ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "m", T1);
        Assert.True(list == again);
    }

    [Fact]
    public void Other_conditions_keep_their_order_and_values()
    {
        var list = ScalerConditions.Set([], ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "a", T0);
        list = ScalerConditions.Set(list, ConditionTypes.ScalingActive, ConditionStatus.True, Reasons.ValidMetricFound, "b", T0);
        list = ScalerConditions.Set(list, ConditionTypes.AbleToScale, ConditionStatus.False, Reasons.FailedUpdateScale, "c", T1);

        Assert.Equal([ConditionTypes.AbleToScale, ConditionTypes.ScalingActive], list.Select(c => c.Type));
        Assert.Equal(T0, ScalerConditions.Find(list, ConditionTypes.ScalingActive)!.LastTransitionTime);
        Assert.Null(ScalerConditions.Find(list, ConditionTypes.Panic));
    }
}
