using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Bench.Policy.Tests;

public sealed class LoadStepsTests
{
    [Fact]
    public void Steps_are_sudden_rises_of_the_traces()
    {
        var pts = LoadSteps.Find(TraceReader.ParseCsv(TraceGenerator.PtsRamp().Text));
        Assert.Equal(Enumerable.Range(1, 9).Select(m => new LoadStep(TimeSpan.FromMinutes(m), 200 * (m + 1))), pts);

        var sale = LoadSteps.Find(TraceReader.ParseCsv(TraceGenerator.FlashSale(true).Text));
        Assert.Equal([new LoadStep(TimeSpan.FromSeconds(1200), 1500)], sale);   // where the 10 s rise begins

        var saw = TraceReader.ParseCsv(TraceGenerator.Sawtooth().Text);
        var rises = LoadSteps.Find(saw);
        Assert.Equal(saw.Points.Skip(1).Count(p => p.Rps == 840 && p.At < saw.Duration), rises.Count);
        Assert.All(rises, s => Assert.Equal(840, s.Rps));

        Assert.Empty(LoadSteps.Find(TraceReader.ParseCsv(TraceGenerator.Diurnal().Text)));   // a slow climb
    }

    [Fact]
    public void A_slow_rise_or_a_small_one_is_not_a_step()
    {
        var slow = new Trace([new(TimeSpan.Zero, 100), new(TimeSpan.FromSeconds(61), 1000)]);
        Assert.Empty(LoadSteps.Find(slow));
        var small = new Trace([new(TimeSpan.Zero, 100), new(TimeSpan.FromSeconds(10), 199)]);
        Assert.Empty(LoadSteps.Find(small));
        var tenPercent = new Trace([new(TimeSpan.Zero, 2000), new(TimeSpan.FromSeconds(10), 2150)]);
        Assert.Empty(LoadSteps.Find(tenPercent));   // +150 rps, but under 10%
    }

    [Fact]
    public void The_need_is_the_target_within_tolerance_capped_at_max()
    {
        // 1500 rps x 20 ms = 30 cores; 0.5 core pods at 60% (x 1.1) carry 0.33 each: 91 pods.
        Assert.Equal(91, LoadSteps.Needed(1500, TimeSpan.FromMilliseconds(20), 0.5, 0.6, 100));
        Assert.Equal(100, LoadSteps.Needed(2000, TimeSpan.FromMilliseconds(20), 0.5, 0.6, 100));
    }

    [Fact]
    public void Time_to_capacity_is_from_the_step_to_the_first_second_with_enough_ready_pods()
    {
        var steps = new[] { new LoadStep(TimeSpan.FromSeconds(2), 0), new LoadStep(TimeSpan.FromSeconds(6), 0) };
        int[] ready = [1, 1, 1, 1, 5, 5, 5, 5, 9, 9];
        // First step needs 5: reached at 4 s, 2 s after. Second needs 10: never, so it counts until the end (10 - 6).
        int need = 0;
        Assert.Equal((2 + 4) / 2.0, LoadSteps.MeanSecondsToCapacity(steps, ready, _ => need++ == 0 ? 5 : 10));
        Assert.Equal(0, LoadSteps.MeanSecondsToCapacity(steps, ready, _ => 1));
        Assert.Null(LoadSteps.MeanSecondsToCapacity([], ready, _ => 1));
        // A step not met before the next one counts until the next one.
        Assert.Equal((4 + 4) / 2.0, LoadSteps.MeanSecondsToCapacity(steps, ready, _ => 100));
    }
}
