using ElasticScaler.LoadTest.Agents;

namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class AgentHealthTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, AgentStatus, double?, int, int, double, bool, AgentStatus?, bool> Cases => new()
    {
        // name, status, last heard (s after start), intervals, leader's, now (s after start), final → new status, lagged
        { "waiting before the start is fine", AgentStatus.Waiting, null, 0, 0, -1, false, null, false },
        { "waiting two intervals after the start is fine", AgentStatus.Waiting, null, 0, 0, 2, false, null, false },
        { "waiting beyond two intervals never started", AgentStatus.Waiting, null, 0, 3, 2.5, false, AgentStatus.NeverStarted, false },
        { "ready and silent until the start is fine", AgentStatus.Ready, -2, 0, 0, 0, false, null, false },
        { "a heartbeat a second keeps it healthy", AgentStatus.Running, 4.2, 3, 3, 5, false, null, false },
        { "silent for more than two intervals lags", AgentStatus.Running, 1, 1, 1, 4.5, false, null, true },
        { "three intervals behind the leader lags", AgentStatus.Running, 5.9, 2, 5, 6, false, null, true },
        { "two intervals behind the leader is still fine", AgentStatus.Running, 5.9, 3, 5, 6, false, null, false },
        { "still running at the deadline is lagging", AgentStatus.Running, 9.9, 9, 10, 10, true, AgentStatus.Lagging, true },
        { "never heard from at the deadline never started", AgentStatus.Waiting, null, 0, 10, 10, true, AgentStatus.NeverStarted, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Judge(string name, AgentStatus status, double? heard, int intervals, int leader, double now, bool final, AgentStatus? expected, bool lagged)
    {
        var verdict = AgentHealth.Judge(status, heard is { } h ? Start.AddSeconds(h) : null, intervals, leader, Start, Start.AddSeconds(now), final);

        Assert.True(expected == verdict.Status, $"{name}: status {verdict.Status}, expected {expected}");
        Assert.True(lagged == verdict.Lagged, $"{name}: lagged {verdict.Lagged} ({verdict.Why})");
    }
}
