namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>1000 users on a 2-core machine: no port exhaustion, no thread starvation, no errors of the generator's making.</summary>
public sealed class HighConcurrencyTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_run_at_1000_concurrency_completes_without_errors()
    {
        // Each request is held 500 ms, long beside a user's turnaround even on a starved machine, so the moment
        // when all 1000 users are in flight at once exists whenever the generator really keeps 1000 going.
        var (exit, output, error) = await Run.CliAsync("run", "--url", _server.Url("delay/500").ToString(), "--concurrency", "1000",
            "--duration", "4s", "--threshold", "error_rate == 0%", "--threshold", "requests >= 2000", "--quiet");

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Equal(1000, _server.MaxInFlight);
        Assert.Contains("peak concurrency 1000", output, StringComparison.Ordinal);
    }
}
