using System.Text.Json;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

public sealed class BehaviorHistoryTests
{
    [Fact]
    public void History_round_trips_through_json_so_a_snapshot_replays_exactly()
    {
        var sync = new Sync(new BehaviorInput
        {
            CurrentReplicas = 10, MinReplicas = 1, MaxReplicas = 100,
            Behavior = new BehaviorSpec { Panic = new PanicSpec { Enabled = true, Window = "60s" } },
        });
        sync.Step(50);
        sync.Step(30);
        sync.Step(null);

        string json = JsonSerializer.Serialize(sync.History, CoreJson.Options);
        var back = JsonSerializer.Deserialize<BehaviorHistory>(json, CoreJson.Options)!;

        Assert.Equal(sync.History.Recommendations.ToArray(), back.Recommendations.ToArray());
        Assert.Equal(sync.History.ScaleUpEvents.ToArray(), back.ScaleUpEvents.ToArray());
        Assert.Equal(sync.History.ScaleDownEvents.ToArray(), back.ScaleDownEvents.ToArray());
        Assert.Equal(sync.History.Panic, back.Panic);
        Assert.Equal([new TimestampedRecommendation(Now, 50), new TimestampedRecommendation(Now.AddSeconds(15), 30)], back.PanicProposals.ToArray());
        Assert.Equal(1, back.ConsecutiveMetricFailures);
        Assert.Contains("\"timestamp\":\"2026-11-25T00:00:00+00:00\"", json);
    }

    [Fact]
    public void Timestamps_compare_as_instants_whatever_their_offset()
    {
        var shanghai = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(new TimestampedRecommendation(Now, 3), new TimestampedRecommendation(shanghai, 3));
        Assert.Equal(Now, new ScaleEvent(shanghai, 1, outdated: false).Timestamp);
    }
}
