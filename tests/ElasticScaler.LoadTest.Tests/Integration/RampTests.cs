namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>The pts-ramp staircase, compressed with --time-scale, reaches the server level by level.</summary>
public sealed class RampTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_pts_ramp_applies_each_step_as_concurrency_observed_at_the_server()
    {
        var report = Path.Combine(Path.GetTempPath(), $"lt-ramp-{Guid.NewGuid():N}");
        // 10 steps of 1 minute at time scale 30 = 10 steps of 2 s: levels 2, 4, … 20 users. Two seconds a step, so
        // every step spans at least one whole 1 s sample of the time series even when the machine is busy.
        var (exit, output, error) = await Run.CliAsync("run", "--url", _server.Url("track/50").ToString(), "--profile", "pts-ramp",
            "--max-concurrency", "20", "--time-scale", "30", "--quiet", "--report", report);

        Assert.True(exit == ExitCodes.Passed, output + error);
        var seen = _server.ArrivalConcurrency.ToArray();
        Assert.True(_server.MaxInFlight <= 20, $"the server saw {_server.MaxInFlight} in flight; the ramp's top is 20");
        foreach (var level in Enumerable.Range(1, 10).Select(i => i * 2))
        {
            // Each user makes ~40 requests in a 2 s step (50 ms each); most arrivals see the whole step's users in flight.
            var atLevel = seen.Count(c => c == level);
            Assert.True(atLevel >= 5, $"level {level}: only {atLevel} arrivals saw {level} requests in flight; histogram: " +
                string.Join(", ", seen.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}")));
        }

        var csv = await File.ReadAllLinesAsync(Path.Combine(report, "timeseries.csv"));
        Assert.Contains(csv.Skip(1), line => line.Contains("KeepConstant(copies: 20", StringComparison.Ordinal));
        Directory.Delete(report, recursive: true);
    }
}
