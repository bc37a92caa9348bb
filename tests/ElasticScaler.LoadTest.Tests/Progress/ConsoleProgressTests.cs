namespace ElasticScaler.LoadTest.Tests.Progress;

public sealed class ConsoleProgressTests
{
    private static ProgressTick Tick(bool open, ReplicaSample? replicas = null) => new(
        Scenario: "web", Phase: "running", Stage: "KeepConstant(copies: 100, during: 00:01:00)", OpenModel: open, Target: 100,
        Concurrency: open ? 37 : 100, Rps: 8123.4, P95: 4.126, Errors: 3, Requests: 97_000, Elapsed: TimeSpan.FromSeconds(12),
        Remaining: TimeSpan.FromSeconds(48), CpuPercent: 61.2, Replicas: replicas);

    [Fact]
    public void A_closed_model_line_shows_users_rps_p95_errors_and_time_left()
    {
        Assert.Equal("[   12s] web running KeepConstant(copies: 100, during: 00:01:00) users 100/100 rps 8123 p95 4.13ms errors 3 left 48s cpu 61%",
            ConsoleProgress.PlainLine(Tick(open: false)));
    }

    [Fact]
    public void An_open_model_line_shows_the_rate_and_in_flight_and_sampled_replicas()
    {
        var line = ConsoleProgress.PlainLine(Tick(open: true, new ReplicaSample(3, 2)));

        Assert.Contains("rate 100/s in-flight 37", line, StringComparison.Ordinal);
        Assert.EndsWith("replicas ecs 3 eci 2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_terminal_each_tick_is_one_plain_line()
    {
        using var output = new StringWriter();
        await using (var progress = new ConsoleProgress(live: false, output))
        {
            progress.OnTick([Tick(open: false)]);
            progress.OnTick([Tick(open: false)]);
        }

        Assert.Equal(2, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
