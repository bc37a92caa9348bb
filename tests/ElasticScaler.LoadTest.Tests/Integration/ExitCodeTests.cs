namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>The release-gate contract of <c>run</c>: 0 passed, 1 threshold failed, 2 bad arguments, 3 unreachable.</summary>
public sealed class ExitCodeTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Passing_thresholds_exit_0()
    {
        var (exit, output, _) = await Run.CliAsync("run", "--url", _server.Url("ok").ToString(), "--concurrency", "4", "--duration", "1s",
            "--threshold", "success_rate >= 99%", "--threshold", "p95 < 2s", "--threshold", "error_rate < 1%", "--quiet");

        Assert.Equal(ExitCodes.Passed, exit);
        Assert.Contains("✓ success_rate >= 99%", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_threshold_exits_1_and_names_it()
    {
        var (exit, output, _) = await Run.CliAsync("run", "--url", _server.Url("status/500").ToString(), "--concurrency", "2", "--duration", "1s",
            "--threshold", "success_rate >= 99%", "--quiet");

        Assert.Equal(ExitCodes.ThresholdFailed, exit);
        Assert.Contains("✗ success_rate >= 99%", output, StringComparison.Ordinal);
        Assert.Contains("http_5xx=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_latency_threshold_fails_when_the_server_is_slower()
    {
        var (exit, output, _) = await Run.CliAsync("run", "--url", _server.Url("delay/60").ToString(), "--concurrency", "2", "--duration", "1s",
            "--threshold", "p50 < 20ms", "--quiet");

        Assert.Equal(ExitCodes.ThresholdFailed, exit);
        Assert.Contains("✗ p50 < 20ms", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--url|not a url|--duration|1s", "--url: 'not a url' is not an absolute http:// or https:// URL")]
    [InlineData("--url|http://127.0.0.1:1/|--duration|soon", "--duration: 'soon' is not a duration")]
    [InlineData("--url|http://127.0.0.1:1/|--threshold|p95 <", "threshold 'p95 <': not of the form METRIC OP VALUE")]
    [InlineData("--url|http://127.0.0.1:1/|--threshold|latency < 5ms", "unknown metric 'latency'")]
    [InlineData("--url|http://127.0.0.1:1/|--rate|10|--concurrency|5", "--rate and --concurrency: choose one")]
    [InlineData("--url|http://127.0.0.1:1/|--profile|staircase", "--profile: 'staircase' is unknown")]
    [InlineData("--url|http://127.0.0.1:1/|--time-scale|60", "add --profile pts-ramp")]
    [InlineData("--scenario|/nonexistent/file.yaml", "--scenario: file '/nonexistent/file.yaml' does not exist")]
    [InlineData("--concurrency|ten", "ten")]
    [InlineData("--duration|1s", "--url or --scenario: neither given")]
    public async Task Bad_arguments_exit_2_with_the_problem_and_the_fix(string args, string expected)
    {
        var (exit, _, error) = await Run.CliAsync(["run", .. args.Split('|')]);

        Assert.Equal(ExitCodes.BadConfig, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("fix", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_scenario_file_exits_2_naming_the_line_and_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lt-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, "requests:\n  - url: http://127.0.0.1:1/\n    wieght: 3\n");
        try
        {
            var (exit, _, error) = await Run.CliAsync("run", "--scenario", path);

            Assert.Equal(ExitCodes.BadConfig, exit);
            Assert.Contains("line 3: unknown key 'wieght' in requests[0]; fix: use one of", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_unreachable_target_exits_3_before_any_load()
    {
        var port = Run.FreePort();

        var (exit, output, error) = await Run.CliAsync("run", "--url", $"http://127.0.0.1:{port}/", "--duration", "1s", "--report", "/nonexistent-should-not-be-written");

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
        Assert.Contains("fix: start the service", error, StringComparison.Ordinal);
        Assert.DoesNotContain("scenario http:", output, StringComparison.Ordinal);
    }
}
