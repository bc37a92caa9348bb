using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Schedule windows through the service: on time (a requeue at the transition, not up to a sync period late), and kept across a restart.</summary>
public sealed class ScheduleTests
{
    private static JsonArray Window(DateTimeOffset start, string duration, int min, int prewarmSeconds) =>
    [
        new JsonObject
        {
            ["name"] = "flash-sale",
            // Quartz, seconds first, one firing at exactly this instant.
            ["start"] = start.UtcDateTime.ToString("s m H d M '?' yyyy", CultureInfo.InvariantCulture),
            ["duration"] = duration,
            ["timeZone"] = "UTC",
            ["minReplicas"] = min,
            ["prewarmSeconds"] = prewarmSeconds,
        },
    ];

    [Fact]
    public async Task A_window_raises_the_floor_at_its_start_minus_prewarm_and_releases_it_at_its_end()
    {
        await using var s = await Scenario.StartAsync();
        var start = Truncate(s.Time.GetUtcNow()) + TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(7); // not on a 15 s sync boundary
        s.Apply(Scalers.Seed(min: 22, max: 100, schedules: Window(start, "2m", min: 40, prewarmSeconds: 60)));
        s.Load(_ => 5); // the metric alone keeps 22

        var opens = start - TimeSpan.FromSeconds(60);
        await s.RunAsync(opens - s.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(22, Total(s));
        await s.RunAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(40, Total(s));
        Assert.Contains("flash-sale", s.Scaler("wordpress")!["status"]!["activeSchedules"]!.AsArray().Select(n => (string?)n));
        Assert.NotEmpty(s.Events("ScheduleStarted"));

        // Closes at start + 2m; the scale-down then waits out the 60 s stabilization window.
        await s.RunAsync(start + TimeSpan.FromMinutes(2) - s.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(40, Total(s));
        await s.RunAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(22, Total(s));
        Assert.NotEmpty(s.Events("ScheduleEnded"));
    }

    [Fact]
    public async Task A_service_restarted_inside_a_window_keeps_its_floor()
    {
        await using var s = await Scenario.StartAsync();
        var start = Truncate(s.Time.GetUtcNow()) + TimeSpan.FromMinutes(1);
        s.Apply(Scalers.Seed(min: 22, max: 100, schedules: Window(start, "10m", min: 40, prewarmSeconds: 0)));
        s.Load(_ => 5);
        await s.RunAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(40, Total(s));

        await s.StopServiceAsync();
        await s.RunAsync(TimeSpan.FromSeconds(30));
        s.StartService();
        await s.WaitSyncedAsync();
        await s.RunAsync(TimeSpan.FromMinutes(3)); // longer than the scale-down window
        Assert.Equal(40, Total(s));
        Assert.Contains("flash-sale", s.Scaler("wordpress")!["status"]!["activeSchedules"]!.AsArray().Select(n => (string?)n));
    }

    private static int Total(Scenario s) => s.Replicas(Scenario.App) + Math.Max(0, s.Replicas(TwinWorkload.NameFor(Scenario.App)));

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);
}
