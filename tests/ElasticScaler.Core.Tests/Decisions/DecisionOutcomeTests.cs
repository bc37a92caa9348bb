using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using static ElasticScaler.Core.Tests.Decisions.DecisionFixtures;

namespace ElasticScaler.Core.Tests.Decisions;

/// <summary>What the controller keeps after acting on a decision: HPA's conditions after its scale write, and the history.</summary>
public sealed class DecisionOutcomeTests
{
    // 4 pods at 90% of a 60% target: the decision is 6, a rescale.
    private static Decision Rescaling() => DecisionPipeline.Decide(Input(NewSpec(), 4, 90), DecisionHistory.Empty, Now);

    [Fact]
    public void After_a_successful_rescale_able_to_scale_says_succeeded_rescale_and_the_history_keeps_the_scale()
    {
        var decision = Rescaling();

        var applied = DecisionOutcome.Applied(decision);

        Assert.True(applied.Rescaled);
        var able = ScalerConditions.Find(applied.Conditions, ConditionTypes.AbleToScale)!;
        Assert.Equal((ConditionStatus.True, Reasons.SucceededRescale, "the HPA controller was able to update the target scale to 6"), (able.Status, able.Reason, able.Message));
        Assert.Same(decision.History, applied.History);
        Assert.Equal(Now, applied.History.LastScaleTime);
        Assert.Equal((Reasons.SuccessfulRescale, decision.EventMessage), (applied.EventReason, applied.EventMessage));
        // The other conditions are the decision's.
        Assert.Equal(ScalerConditions.Find(decision.Conditions, ConditionTypes.ScalingActive), ScalerConditions.Find(applied.Conditions, ConditionTypes.ScalingActive));
    }

    public static TheoryData<string, DecisionInput> NoWrite => new()
    {
        { "steady: 4 pods at the 60% target", Input(NewSpec(), 4, 60) },
        { "dry run: the decision is 6 but nothing is written", Input(NewSpec() with { DryRun = true }, 4, 90) },
    };

    [Theory]
    [MemberData(nameof(NoWrite))]
    public void Without_a_write_the_decisions_own_conditions_and_history_stand(string name, DecisionInput input)
    {
        var decision = DecisionPipeline.Decide(input, DecisionHistory.Empty, Now);

        var applied = DecisionOutcome.Applied(decision);

        Assert.False(applied.Rescaled, name);
        Assert.Equal(decision.Conditions, applied.Conditions);   // the very same list: an unchanged status costs no write
        Assert.Same(decision.History, applied.History);
        Assert.Null(applied.EventReason);
        Assert.NotEqual(Reasons.SucceededRescale, ScalerConditions.Find(applied.Conditions, ConditionTypes.AbleToScale)?.Reason);
    }

    [Fact]
    public void After_a_failed_scale_write_able_to_scale_is_false_with_the_apis_message_and_the_scale_is_forgotten()
    {
        var decision = Rescaling();

        var failed = DecisionOutcome.Failed(decision, "Operation cannot be fulfilled: the object has been modified");

        Assert.False(failed.Rescaled);
        var able = ScalerConditions.Find(failed.Conditions, ConditionTypes.AbleToScale)!;
        Assert.Equal(
            (ConditionStatus.False, Reasons.FailedUpdateScale, "the HPA controller was unable to update the target scale: Operation cannot be fulfilled: the object has been modified", Now),
            (able.Status, able.Reason, able.Message, able.LastTransitionTime));
        Assert.Same(decision.HistoryIfScaleFails, failed.History);
        Assert.Null(failed.History.LastScaleTime);
        Assert.Equal(Reasons.FailedRescale, failed.EventReason);
        Assert.Equal(decision.EventMessage + "; error: Operation cannot be fulfilled: the object has been modified", failed.EventMessage);
    }

    [Fact]
    public void The_transition_time_is_the_decisions_time()
    {
        var later = Now.AddMinutes(3);
        var decision = DecisionPipeline.Decide(Input(NewSpec(), 4, 90, at: later), DecisionHistory.Empty, later);

        Assert.Equal(later, ScalerConditions.Find(DecisionOutcome.Applied(decision).Conditions, ConditionTypes.AbleToScale)!.LastTransitionTime);
        Assert.Equal(later, ScalerConditions.Find(DecisionOutcome.Failed(decision, "e").Conditions, ConditionTypes.AbleToScale)!.LastTransitionTime);
    }

    [Fact]
    public void A_decision_that_asked_for_no_write_cannot_have_failed_one()
    {
        var steady = DecisionPipeline.Decide(Input(NewSpec(), 4, 60), DecisionHistory.Empty, Now);

        var e = Assert.Throws<ArgumentException>(() => DecisionOutcome.Failed(steady, "conflict"));
        Assert.StartsWith("decision: desired 4, current 4: asks for no scale write", e.Message, StringComparison.Ordinal);
    }
}
