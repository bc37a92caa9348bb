namespace ElasticScaler.Demo.Dashboard.Tests;

/// <summary>The timeline keeps every figure JSON can carry and hands the page only what it lacks.</summary>
public sealed class DemoTimelineTests
{
    private static DemoSample Sample(double t) => new(t, 10, 20, 5, 9, 12, 1, 2, 1, 1, 0, 0.01);

    public static TheoryData<string, DemoSample> BadSamples => new()
    {
        { "DemoSample.T", Sample(double.NaN) },
        { "DemoSample.Users", Sample(0) with { Users = -1 } },
        { "DemoSample.Rps", Sample(0) with { Rps = double.PositiveInfinity } },
        { "DemoSample.P50Ms", Sample(0) with { P50Ms = double.NaN } },
        { "DemoSample.P95Ms", Sample(0) with { P95Ms = double.NaN } },
        { "DemoSample.P99Ms", Sample(0) with { P99Ms = -0.5 } },
        { "DemoSample.SuccessRate", Sample(0) with { SuccessRate = double.NaN } },
        { "DemoSample.SuccessRate", Sample(0) with { SuccessRate = 99.5 } },
        { "DemoSample.EcsReady", Sample(0) with { EcsReady = -1 } },
        { "DemoSample.EciReady", Sample(0) with { EciReady = -1 } },
        { "DemoSample.Starting", Sample(0) with { Starting = -1 } },
        { "DemoSample.Pending", Sample(0) with { Pending = -1 } },
        { "DemoSample.CostUsd", Sample(0) with { CostUsd = double.NegativeInfinity } },
    };

    [Theory]
    [MemberData(nameof(BadSamples))]
    public void A_sample_json_cannot_carry_is_refused_naming_its_field(string field, DemoSample sample)
    {
        var timeline = new DemoTimeline("t");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Add(sample));

        Assert.Equal(field, error.ParamName);
        Assert.Empty(timeline.Snapshot().Samples);
    }

    [Fact]
    public void Negative_time_and_all_zero_figures_are_a_valid_sample()
    {
        var timeline = new DemoTimeline("t");

        timeline.Add(new DemoSample(-30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        timeline.Add(new DemoEvent(-29.5, "ScaledUp", "before the load"));

        Assert.Single(timeline.Snapshot().Samples);
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Add(new DemoEvent(double.NaN, "ScaledUp", "m")));
    }

    [Theory]
    [InlineData(0, 0, 0, 5, 0, 3)]
    [InlineData(2, 1, 2, 3, 1, 2)]
    [InlineData(5, 3, 5, 0, 3, 0)]
    [InlineData(6, 4, 0, 5, 0, 3)] // the page holds more than there is (another demo on the port): start over
    public void Since_returns_what_follows_the_counts_the_page_holds(
        int since, int sinceEvents, int samplesFrom, int samples, int eventsFrom, int events)
    {
        var timeline = new DemoTimeline("t");
        for (var i = 0; i < 5; i++)
            timeline.Add(Sample(i));
        for (var i = 0; i < 3; i++)
            timeline.Add(new DemoEvent(i, "ScaledUp", $"event {i}"));

        var update = timeline.Since(since, sinceEvents);

        Assert.Equal(samplesFrom, update.SamplesFrom);
        Assert.Equal(timeline.Snapshot().Samples.Skip(samplesFrom).ToArray(), update.Samples.ToArray());
        Assert.Equal(samples, update.Samples.Count);
        Assert.Equal(eventsFrom, update.EventsFrom);
        Assert.Equal(events, update.Events.Count);
        Assert.Equal(timeline.Snapshot().Events.Skip(eventsFrom).ToArray(), update.Events.ToArray());
    }
}
