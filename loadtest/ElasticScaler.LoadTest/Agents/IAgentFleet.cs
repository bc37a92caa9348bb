namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// Where the agents run and how their streams reach the coordinator: standalone agents the coordinator calls
/// (<see cref="RemoteAgents"/>), or a Kubernetes Job whose pods call the coordinator (see docs/loadtest.md, "Agents").
/// </summary>
internal interface IAgentFleet : IAsyncDisposable
{
    /// <summary>One address per agent index, for reports.</summary>
    IReadOnlyList<string> Addresses { get; }

    /// <summary>
    /// Hands each agent its assignment and feeds every line it streams back into <paramref name="tracker"/>; the task
    /// ends when every stream has ended or <paramref name="cancellationToken"/> is cancelled (which stops the agents).
    /// </summary>
    Task RunAsync(Func<int, AgentAssignment> assignment, AgentTracker tracker, TimeProvider time, CancellationToken cancellationToken);
}
