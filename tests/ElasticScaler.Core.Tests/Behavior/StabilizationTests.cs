using ElasticScaler.Core.Behavior;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Kubernetes' TestNormalizeDesiredReplicas (legacy) and TestNormalizeDesiredReplicasWithBehavior, with their numbers.</summary>
public sealed class StabilizationTests
{
    private static TimeSpan Minutes(int m) => TimeSpan.FromMinutes(m);

    public sealed record LegacyCase(string Name, TimestampedRecommendation[] Recommendations, int Prenormalized, int Expected, int ExpectedLogLength)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<LegacyCase> NormalizeDesiredReplicas => new()
    {
        new("empty log", [], 5, 5, 1),
        new("stabilize", [Rec(4, Minutes(2)), Rec(5, Minutes(1))], 3, 5, 3),
        new("no stabilize", [Rec(1, Minutes(2)), Rec(2, Minutes(1))], 3, 3, 3),
        new("no stabilize - old recommendations", [Rec(10, Minutes(10)), Rec(9, Minutes(9))], 3, 3, 2),
        new("stabilize - old recommendations", [Rec(10, Minutes(10)), Rec(4, Minutes(1)), Rec(5, Minutes(2)), Rec(9, Minutes(9))], 3, 5, 4),
    };

    [Theory]
    [MemberData(nameof(NormalizeDesiredReplicas))]
    public void Legacy_stabilization_takes_the_highest_recommendation_of_the_window(LegacyCase c)
    {
        var r = Stabilization.Legacy(c.Prenormalized, [.. c.Recommendations], Minutes(5), Now);

        Assert.Equal(c.Expected, r.Replicas);
        Assert.Equal(c.ExpectedLogLength, r.Recommendations.Length);
        Assert.Equal(c.Expected == c.Prenormalized ? Reasons.ReadyForNewScale : Reasons.ScaleDownStabilized, r.Reason);
    }

    public sealed record BehaviorCase(
        string Name, TimestampedRecommendation[] Recommendations, int Current, int Prenormalized, int Expected,
        int[]? ExpectedRecommendations, int UpWindow = 0, int DownWindow = 0)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BehaviorCase> NormalizeDesiredReplicasWithBehavior => new()
    {
        new("empty recommendations for scaling down", [], 100, 5, 5, [5]),
        new("simple scale down stabilization", [Rec(4, Minutes(2)), Rec(5, Minutes(1))], 100, 3, 5, [4, 5, 3], DownWindow: 60 * 3),
        new("simple scale up stabilization", [Rec(4, Minutes(2)), Rec(5, Minutes(1))], 1, 7, 4, [4, 5, 7], UpWindow: 60 * 5),
        new("no scale down stabilization", [Rec(1, Minutes(2)), Rec(2, Minutes(1))], 100, 3, 3, [1, 2, 3], UpWindow: 60 * 5),
        new("no scale up stabilization", [Rec(4, Minutes(2)), Rec(5, Minutes(1))], 1, 3, 3, [4, 5, 3], DownWindow: 60 * 5),
        new("no scale down stabilization, reuse recommendation element", [Rec(10, Minutes(10)), Rec(9, Minutes(9))], 100, 3, 3, [10, 3]),
        new("no scale up stabilization, reuse recommendation element", [Rec(10, Minutes(10)), Rec(9, Minutes(9))], 1, 100, 100, [10, 100]),
        new("scale down stabilization, reuse one of obsolete recommendation element",
            [Rec(10, Minutes(10)), Rec(4, Minutes(1)), Rec(5, Minutes(2)), Rec(9, Minutes(9))], 100, 3, 5, [10, 4, 5, 3], DownWindow: 3 * 60),
        new("scale up stabilization, reuse one of obsolete recommendation element",
            [Rec(10, Minutes(100)), Rec(6, Minutes(1)), Rec(5, Minutes(2)), Rec(9, Minutes(3))], 1, 100, 5, [100, 6, 5, 9], UpWindow: 300),
        new("scale up and down stabilization, do not scale up when prenormalized rec goes down",
            [Rec(2, Minutes(100)), Rec(3, Minutes(3))], 2, 1, 2, null, UpWindow: 300, DownWindow: 300),
        new("scale up and down stabilization, do not scale down when prenormalized rec goes up",
            [Rec(2, Minutes(100)), Rec(1, Minutes(3))], 2, 3, 2, null, UpWindow: 300, DownWindow: 300),
    };

    [Theory]
    [MemberData(nameof(NormalizeDesiredReplicasWithBehavior))]
    public void Behavior_stabilization_keeps_current_within_the_window_bounds(BehaviorCase c)
    {
        var r = Stabilization.WithBehavior(c.Current, c.Prenormalized, c.UpWindow, c.DownWindow, [.. c.Recommendations], Now);

        Assert.Equal(c.Expected, r.Replicas);
        if (c.ExpectedRecommendations is { } expected)
            Assert.Equal(expected, r.Recommendations.Select(x => x.Replicas).ToArray());
        Assert.Contains(new TimestampedRecommendation(Now, c.Prenormalized), r.Recommendations);
    }

    [Theory]
    [InlineData(1, 7, 4, "ScaleUpStabilized")]
    [InlineData(100, 3, 5, "ScaleDownStabilized")]
    [InlineData(100, 7, 7, "ReadyForNewScale")]
    public void Behavior_stabilization_names_the_direction_it_held_back(int current, int desired, int expected, string reason)
    {
        var r = Stabilization.WithBehavior(current, desired, 300, 300, [Rec(4, Minutes(2)), Rec(5, Minutes(1))], Now);
        Assert.Equal(expected, r.Replicas);
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void A_sample_exactly_at_the_cutoff_is_neither_counted_nor_reused()
    {
        // Go's After/Before are strict: a sample exactly 300 s old is outside the window and not obsolete either.
        var r = Stabilization.WithBehavior(10, 3, 0, 300, [Rec(9, TimeSpan.FromSeconds(300))], Now);
        Assert.Equal(3, r.Replicas);
        Assert.Equal([9, 3], r.Recommendations.Select(x => x.Replicas).ToArray());
    }

    [Fact]
    public void The_first_sync_records_the_current_count_as_a_recommendation()
    {
        var recs = Stabilization.RecordInitial([], 7, Now);
        Assert.Equal<TimestampedRecommendation>([new TimestampedRecommendation(Now, 7)], recs);
        Assert.True(recs == Stabilization.RecordInitial(recs, 9, Now.AddSeconds(15)));
    }
}
