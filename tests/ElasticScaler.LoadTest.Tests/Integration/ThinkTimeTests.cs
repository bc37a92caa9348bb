namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>
/// Think time in the closed model: each user waits after an answer, so N users send about N / (think + latency)
/// requests a second; the open model refuses it on the command line.
/// </summary>
public sealed class ThinkTimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Users_with_think_time_send_about_users_over_think_time_requests_a_second()
    {
        // 4 users, 200 ms of thinking, an instant answer: about 20 requests a second, 40 in 2 s; without thinking a
        // loopback server answers thousands.
        var scenario = Scenario.Create("think", _ => Task.FromResult(Response.Ok()))
            .WithThinkTime(TimeSpan.FromMilliseconds(200))
            .WithLoadSimulations(Simulation.KeepConstant(4, TimeSpan.FromSeconds(2)));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit)).Get("think");

        // The cap is the property (no more than think time allows); the floor only shows the users kept going, and is
        // low because a starved 2-core machine delays timers.
        Assert.InRange(stats.AllRequestCount, 12, 48);
    }

    [Fact]
    public async Task Users_who_start_together_spread_their_first_requests_over_one_think_time()
    {
        // 20 users start at once with 400 ms of thinking: in lockstep all 20 first requests would land within a few
        // ms of each other; spread, about half of them come in the second half of the think time.
        var stamps = new System.Collections.Concurrent.ConcurrentBag<long>();
        var scenario = Scenario.Create("spread", _ =>
            {
                stamps.Add(Environment.TickCount64);
                return Task.FromResult(Response.Ok());
            })
            .WithThinkTime(TimeSpan.FromMilliseconds(400))
            .WithLoadSimulations(Simulation.KeepConstant(20, TimeSpan.FromMilliseconds(380)));

        await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit);

        var first = stamps.Min();
        Assert.InRange(stamps.Count(t => t - first >= 200), 3, 20);
    }

    [Fact]
    public async Task The_command_line_takes_think_time_for_looping_users()
    {
        var (exit, output, _) = await Run.CliAsync("run", "--url", _server.Url("ok").ToString(), "--concurrency", "2", "--duration", "2s",
            "--think-time", "250ms", "--threshold", "requests <= 24", "--threshold", "requests >= 4", "--quiet");

        Assert.True(exit == ExitCodes.Passed, output);
    }

    [Fact]
    public async Task Think_time_with_a_rate_is_refused_naming_the_flag()
    {
        var (exit, _, err) = await Run.CliAsync("run", "--url", _server.Url("ok").ToString(), "--rate", "10", "--duration", "1s", "--think-time", "1s");

        Assert.Equal(ExitCodes.BadConfig, exit);
        Assert.Contains("--think-time", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_scenario_file_reads_think_time()
    {
        var path = Path.Combine(Path.GetTempPath(), $"think-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "requests:\n  - url: http://127.0.0.1:8080/\nthinkTime: 600ms\nload: { concurrency: 10, duration: 5s }\n");
        try
        {
            Assert.Equal(TimeSpan.FromMilliseconds(600), ElasticScaler.LoadTest.Config.ScenarioFile.Load(path).ThinkTime);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
