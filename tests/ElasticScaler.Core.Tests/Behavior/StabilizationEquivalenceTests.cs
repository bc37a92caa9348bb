using System.Collections.Immutable;
using CsCheck;
using ElasticScaler.Core.Behavior;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>
/// The recommendation history keeps one entry per size (a newer equal recommendation replaces an older one). This
/// checks that it stabilizes exactly as HPA's keep-everything history does, over random proposal sequences.
/// </summary>
public sealed class StabilizationEquivalenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeping_one_entry_per_size_stabilizes_as_keeping_every_recommendation() =>
        Gen.Select(Gen.Int[0, 120], Gen.Int[0, 400], Gen.Int[1, 30].Array[5, 80], Gen.Int[1, 40])
            .Sample((upWindow, downWindow, proposals, current) =>
            {
                var kept = ImmutableArray<TimestampedRecommendation>.Empty;
                var all = new List<TimestampedRecommendation>();
                var now = Start;
                foreach (var desired in proposals)
                {
                    var result = Stabilization.WithBehavior(current, desired, upWindow, downWindow, kept, now);
                    int expected = Reference(current, desired, upWindow, downWindow, all, now);
                    if (result.Replicas != expected) return false;
                    all.Add(new TimestampedRecommendation(now, desired));
                    kept = result.Recommendations;
                    current = result.Replicas;
                    now = now.AddSeconds(15);
                }
                return true;
            }, iter: 300);

    [Fact]
    public void A_steady_recommendation_keeps_a_single_entry()
    {
        var kept = ImmutableArray<TimestampedRecommendation>.Empty;
        var now = Start;
        for (int i = 0; i < 40; i++, now = now.AddSeconds(15))
            kept = Stabilization.WithBehavior(10, 10, 0, 300, kept, now).Recommendations;

        Assert.Equal(10, Assert.Single(kept).Replicas);
    }

    /// <summary>HPA's rule over the whole history: min over the scale-up window, max over the scale-down window.</summary>
    private static int Reference(int current, int desired, int upWindow, int downWindow, List<TimestampedRecommendation> all, DateTimeOffset now)
    {
        int up = desired, down = desired;
        foreach (var r in all)
        {
            if (r.Timestamp > now.AddSeconds(-upWindow)) up = Math.Min(up, r.Replicas);
            if (r.Timestamp > now.AddSeconds(-downWindow)) down = Math.Max(down, r.Replicas);
        }
        return Math.Min(Math.Max(current, up), down);
    }
}
