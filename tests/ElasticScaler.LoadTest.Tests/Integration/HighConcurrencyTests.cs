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
        var (exit, output, error) = await Run.CliAsync("run", "--url", _server.Url("delay/50").ToString(), "--concurrency", "1000",
            "--duration", "4s", "--threshold", "error_rate == 0%", "--threshold", "requests >= 2000", "--quiet");

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Equal(1000, _server.MaxInFlight);
        Assert.Contains("peak concurrency 1000", output, StringComparison.Ordinal);
    }
}
