using System.Collections.Immutable;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Behavior.Rules;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Kubernetes' TestStoreScaleEvents with its numbers, through the engine's public entry point and the helpers.</summary>
public sealed class ScaleEventsTests
{
    public sealed record StoreCase(
        string Name, ScaleEvent[] Previous, (int Change, bool Outdated)[] Expected, ScalingRules? Rules, int ExpectedChangeInLastMinute)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<StoreCase> StoreScaleEvents => new()
    {
        new("empty entries with default behavior", [], [], null, 0),
        new("empty entries with two-policy-behavior", [], [(5, false)], Generate(10, 60, 100, 60, 0), 0),
        new("one outdated entry to be kept untouched without behavior", [Event(7, 61)], [(7, false)], null, 0),
        new("one outdated entry to be replaced with behavior", [Event(7, 61)], [(5, false)], Generate(10, 60, 100, 60, 0), 0),
        new("one actual entry to be not touched with behavior", [Event(7, 58)], [(7, false), (5, false)], Generate(10, 60, 100, 60, 0), 7),
        new("two entries, one of them to be replaced", [Event(7, 61), Event(6, 59)], [(5, false), (6, false)], Generate(10, 60, 0, 0, 0), 6),
        new("replace one entry, use policies with different periods",
            [Event(8, 29), Event(6, 59), Event(7, 61), Event(9, 61)],
            [(8, false), (6, false), (7, true), (5, false)], Generate(10, 60, 100, 30, 0), 14),
        new("two entries, both actual", [Event(7, 58), Event(6, 59)], [(7, false), (6, false), (5, false)], Generate(10, 120, 100, 30, 0), 13),
    };

    [Theory]
    [MemberData(nameof(StoreScaleEvents))]
    public void Scale_events_are_stored_reusing_outdated_slots_as_kubernetes_does(StoreCase c)
    {
        const int ReplicaChange = 5;
        var previous = ImmutableArray.Create(c.Previous);
        Assert.Equal(c.ExpectedChangeInLastMinute, ScaleEvents.ChangeInPeriod(60, previous, Now));

        if (c.Rules is null)
        {
            // No behavior: HPA's storeScaleEvent returns at once, the stored events stay as they were.
            var legacy = BehaviorEngine.Decide(
                new BehaviorInput { CurrentReplicas = 10, Proposal = 10 + ReplicaChange, MinReplicas = 1, MaxReplicas = 100 },
                new BehaviorHistory { ScaleUpEvents = previous, ScaleDownEvents = previous }, Now);
            Assert.Equal(10 + ReplicaChange, legacy.DesiredReplicas);
            Assert.Equal(c.Expected, legacy.History.ScaleUpEvents.Select(e => (e.ReplicaChange, e.Outdated)).ToArray());
            Assert.Equal(c.Expected, legacy.History.ScaleDownEvents.Select(e => (e.ReplicaChange, e.Outdated)).ToArray());
            return;
        }

        // The same rules as scale-up rules and as scale-down rules: each direction keeps its events by its own longest period.
        var up = BehaviorDefaults.ResolveScaleUp(c.Rules);
        var down = BehaviorDefaults.ResolveScaleDown(c.Rules, ControllerSettings.Default);
        var storedUp = ScaleEvents.Store(previous, up.LongestPolicyPeriodSeconds, ReplicaChange, Now);
        var storedDown = ScaleEvents.Store(previous, down.LongestPolicyPeriodSeconds, ReplicaChange, Now);

        Assert.Equal(c.Expected, storedUp.Select(e => (e.ReplicaChange, e.Outdated)).ToArray());
        Assert.Equal(c.Expected, storedDown.Select(e => (e.ReplicaChange, e.Outdated)).ToArray());
        Assert.Contains(new ScaleEvent(Now, ReplicaChange, false), storedUp);
    }

    [Fact]
    public void The_legacy_path_stores_no_scale_events()
    {
        var d = BehaviorEngine.Decide(new BehaviorInput { CurrentReplicas = 10, Proposal = 15, MinReplicas = 1, MaxReplicas = 100 }, BehaviorHistory.Empty, Now);
        Assert.Equal(15, d.DesiredReplicas);
        Assert.Empty(d.History.ScaleUpEvents);
        Assert.Empty(d.History.ScaleDownEvents);
    }

    [Fact]
    public void A_failed_scale_write_keeps_the_history_without_the_new_event()
    {
        var input = new BehaviorInput { CurrentReplicas = 10, Proposal = 14, MinReplicas = 1, MaxReplicas = 100, Behavior = new BehaviorSpec() };
        var d = BehaviorEngine.Decide(input, BehaviorHistory.Empty, Now);

        Assert.Equal(14, d.DesiredReplicas);
        Assert.Equal<ScaleEvent>([new ScaleEvent(Now, 4, false)], d.History.ScaleUpEvents);
        Assert.Empty(d.HistoryIfScaleFails.ScaleUpEvents);
        Assert.True(d.History.Recommendations == d.HistoryIfScaleFails.Recommendations);
    }
}
