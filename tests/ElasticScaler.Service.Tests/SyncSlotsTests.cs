using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Tests;

/// <summary>A namespace's scalers sync on its slots, one period apart; queue waits never push the next sync later.</summary>
public sealed class SyncSlotsTests
{
    private static readonly SyncSlots Slots = new(TimeSpan.FromSeconds(15));
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("shop")]
    [InlineData("blog")]
    [InlineData("")]
    public void A_sync_belongs_to_the_latest_slot_at_or_before_it(string ns)
    {
        for (int ms = 0; ms < 40_000; ms += 1_250)
        {
            var t = At.AddMilliseconds(ms);
            var slot = Slots.Current(ns, t);
            Assert.InRange(t - slot, TimeSpan.Zero, TimeSpan.FromSeconds(15) - TimeSpan.FromTicks(1));
            Assert.Equal(Slots.Phase(ns), TimeSpan.FromTicks(slot.UtcTicks % TimeSpan.FromSeconds(15).Ticks));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.9)]
    [InlineData(14.9)]
    public void The_next_sync_is_one_period_after_the_slot_however_long_the_wait_for_a_worker(double waitSeconds)
    {
        var slot = Slots.Current("shop", At);
        Assert.Equal(slot + TimeSpan.FromSeconds(15), Slots.Next("shop", slot + TimeSpan.FromSeconds(waitSeconds)));
    }

    [Fact]
    public void A_sync_off_its_slots_syncs_next_at_the_namespaces_next_slot_within_one_period()
    {
        var slot = Slots.Current("shop", At);
        var offSlot = slot + TimeSpan.FromSeconds(9); // a scaler's first sync, or one its pods' change asked for
        var next = Slots.Next("shop", offSlot);
        Assert.Equal(slot + TimeSpan.FromSeconds(15), next);
        Assert.InRange(next - offSlot, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Namespaces_spread_over_the_period_and_keep_their_phase_in_every_process()
    {
        var phases = Enumerable.Range(0, 1000).Select(i => Slots.Phase($"team-{i}").TotalSeconds).ToList();
        // Every 1.5 s tenth of the period holds some namespaces' slots: the cluster's syncs are not bunched.
        Assert.All(Enumerable.Range(0, 10), tenth => Assert.InRange(phases.Count(p => p >= tenth * 1.5 && p < (tenth + 1) * 1.5), 60, 140));
        Assert.Equal(Slots.Phase("team-7"), new SyncSlots(TimeSpan.FromSeconds(15)).Phase("team-7"));
    }
}
