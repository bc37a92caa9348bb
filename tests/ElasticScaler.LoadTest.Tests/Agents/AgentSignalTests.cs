namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class AgentSignalTests
{
    [Fact]
    public async Task A_standalone_agent_stops_on_SIGTERM_as_a_stopped_pod_does()
    {
        await using var agent = await AgentProcess.StartAsync();

        var exit = await agent.TerminateAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Passed, exit);
    }
}
