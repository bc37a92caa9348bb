namespace ElasticScaler.LoadTest.Agents;

/// <summary>Where one agent stands, as the coordinator sees it.</summary>
public enum AgentStatus
{
    /// <summary>Not heard from yet.</summary>
    Waiting,
    /// <summary>Accepted its assignment; waiting for the start instant.</summary>
    Ready,
    /// <summary>Streaming heartbeats or intervals.</summary>
    Running,
    /// <summary>Sent its totals: ran to the end.</summary>
    Completed,
    /// <summary>Its stream broke off before the totals (process killed, pod evicted, network cut).</summary>
    Died,
    /// <summary>Never made contact, or not before the start instant plus two intervals.</summary>
    NeverStarted,
    /// <summary>Reported it could not run (bad options, unreachable target).</summary>
    Failed,
    /// <summary>Still not finished when the run's end plus the grace had passed.</summary>
    Lagging,
}

/// <summary>The report's words for <see cref="AgentStatus"/>.</summary>
public static class AgentStatusText
{
    /// <summary>"completed", "died", "never started", …</summary>
    public static string Of(AgentStatus status) => status switch
    {
        AgentStatus.NeverStarted => "never started",
        _ => status.ToString().ToLowerInvariant(),
    };
}

/// <summary>One agent's row in the reports: its own share of the result, so a generator-bound agent shows.</summary>
public sealed record AgentRow
{
    /// <summary>The agent's index (its Job completion index).</summary>
    public required int Index { get; init; }
    /// <summary>Where it runs: host:port for <c>--agents-at</c>, the pod for <c>--agents</c>.</summary>
    public required string Address { get; init; }
    /// <summary>completed, died, never started, failed, lagging (<see cref="AgentStatusText"/>).</summary>
    public required string Status { get; init; }
    /// <summary>True when the agent fell more than two intervals behind at some point (a problem even if it completed).</summary>
    public required bool Lagged { get; init; }
    /// <summary>Requests it completed in the measured phase.</summary>
    public required long Requests { get; init; }
    /// <summary>Failed requests.</summary>
    public required long Errors { get; init; }
    /// <summary>Its requests per second.</summary>
    public required double Rps { get; init; }
    /// <summary>Its own p95 (ms): a slow agent shows here.</summary>
    public required double P95 { get; init; }
    /// <summary>Its generator CPU over its measured phase, percent of one core (near 100 × cores: generator-bound).</summary>
    public required double CpuPercent { get; init; }
    /// <summary>Its CPU time per request, µs.</summary>
    public required double CpuMicrosPerRequest { get; init; }
    /// <summary>Measured intervals received.</summary>
    public required int Intervals { get; init; }
    /// <summary>Bytes of its stream per second of its measured phase (NDJSON lines as received): the cost of streaming.</summary>
    public double StreamBytesPerSecond { get; init; }
    /// <summary>What went wrong, or null.</summary>
    public string? Problem { get; init; }

    /// <summary>True when this agent makes the result partial.</summary>
    public bool IsProblem => Status != AgentStatusText.Of(AgentStatus.Completed) || Lagged;
}
