using ElasticScaler.Core.Limits;

namespace ElasticScaler.Core.Tests.Limits;

/// <summary>Kubernetes' TestConvertDesiredReplicasWithRules with its numbers, and reconcileAutoscaler's range checks.</summary>
public sealed class ReplicaLimitsTests
{
    [Theory]
    [InlineData("prenormalized desired replicas within range", 5, 7, 3, 8, 7, "DesiredWithinRange")]
    [InlineData("prenormalized desired replicas < minReplicas", 3, 1, 2, 8, 2, "TooFewReplicas")]
    [InlineData("prenormalized desired zeroed replicas within range", 1, 0, 0, 10, 0, "DesiredWithinRange")]
    [InlineData("maxReplicas is the limit because maxReplicas < scaleUpLimit", 20, 1000, 1, 10, 10, "TooManyReplicas")]
    // Upstream expects calculateScaleUpLimit(3), with the factor raised to 8 by its test init(); ours is HPA's real 2.0: 6.
    [InlineData("scaleUpLimit is the limit because scaleUpLimit < maxReplicas", 3, 1000, 1, 2000, 6, "ScaleUpLimit")]
    public void Convert_desired_replicas_with_rules_as_kubernetes_does(string name, int current, int desired, int min, int max, int expected, string reason)
    {
        var r = ReplicaLimits.WithRules(current, desired, min, max);
        Assert.True(expected == r.Replicas, $"{name}: expected {expected}, got {r.Replicas}");
        Assert.Equal(reason, r.Reason);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    [InlineData(50, 100)]
    public void Legacy_scale_up_limit_is_double_the_current_count_and_at_least_four(int current, int limit) =>
        Assert.Equal(limit, ReplicaLimits.LegacyScaleUpLimit(current));

    [Theory]
    [InlineData(0, 1, 10, CurrentRange.ScalingDisabled, 0, "ScalingDisabled")]
    [InlineData(0, 0, 10, CurrentRange.InRange, 0, "DesiredWithinRange")]
    [InlineData(12, 1, 10, CurrentRange.AboveMax, 10, "TooManyReplicas")]
    [InlineData(1, 2, 10, CurrentRange.BelowMin, 2, "TooFewReplicas")]
    [InlineData(5, 2, 10, CurrentRange.InRange, 5, "DesiredWithinRange")]
    public void Current_count_is_checked_against_the_effective_bounds_before_metrics(
        int current, int min, int max, CurrentRange range, int replicas, string reason)
    {
        var check = ReplicaLimits.CheckCurrent(current, min, max);
        Assert.Equal((range, replicas, reason), (check.Range, check.Replicas, check.Reason));
    }

    [Fact]
    public void Out_of_range_messages_are_hpas_rescale_reasons()
    {
        Assert.Equal("Current number of replicas above Spec.MaxReplicas", ReplicaLimits.CheckCurrent(12, 1, 10).Message);
        Assert.Equal("Current number of replicas below Spec.MinReplicas", ReplicaLimits.CheckCurrent(1, 2, 10).Message);
        Assert.Equal("scaling is disabled since the replica count of the target is zero", ReplicaLimits.CheckCurrent(0, 1, 10).Message);
    }

    [Theory]
    [InlineData(12, 1, 10, 10, "TooManyReplicas")]
    [InlineData(0, 1, 10, 1, "TooFewReplicas")]
    [InlineData(5, 1, 10, 5, "DesiredWithinRange")]
    public void Clamp_names_the_bound_that_applied(int desired, int min, int max, int expected, string reason) =>
        Assert.Equal((expected, reason), (ReplicaLimits.Clamp(desired, min, max).Replicas, ReplicaLimits.Clamp(desired, min, max).Reason));
}
