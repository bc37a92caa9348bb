using ElasticScaler.LoadTest.Tests.Integration;

namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class AgentArgumentTests
{
    [Theory]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|no-port-here", "--agents-at: 'no-port-here' is not host:port")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|,", "--agents-at: no agent given")]
    [InlineData("run|--url|http://127.0.0.1:1/|--allow-partial", "--allow-partial and --start-delay apply to runs on agents")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|127.0.0.1:7071|--start-delay|-1s", "--start-delay: '-1s'")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|127.0.0.1:7071|--metrics-port|9464", "run in one process only")]
    [InlineData("agent", "agent: --listen is required")]
    [InlineData("agent|--listen|somewhere", "--listen: 'somewhere' is not IP:PORT")]
    public async Task Bad_agent_arguments_exit_2_with_the_fix(string args, string expected)
    {
        var (exit, _, error) = await Run.CliAsync(args.Split('|'));

        Assert.Equal(ExitCodes.BadConfig, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("fix", error, StringComparison.Ordinal);
    }
}
