using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// What the coordinator tells agent <see cref="Index"/> of <see cref="Of"/>: the <c>run</c> options that shape the load
/// (each agent takes its share with <see cref="LoadSplit"/>), the scenario file's text when there is one, and the
/// common instant at which every agent starts. See docs/loadtest.md, "Agents".
/// </summary>
public sealed record AgentAssignment(int Index, int Of, IReadOnlyList<string> Args, DateTimeOffset StartAt, AgentScenarioFile? ScenarioFile = null);

/// <summary>A scenario file shipped to an agent that does not have it (its name keeps the extension that picks the parser).</summary>
public sealed record AgentScenarioFile(string Name, string Content);

/// <summary>The kinds of line an agent streams back, one JSON object per line (NDJSON).</summary>
public static class AgentMessageTypes
{
    /// <summary>The assignment is accepted and the target reachable; the agent waits for the start instant.</summary>
    public const string Ready = "ready";
    /// <summary>Alive, not measuring yet (init or warm-up); sent every second.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>One measured second: its counters and its HdrHistogram as a log line.</summary>
    public const string Interval = "interval";
    /// <summary>The run ended; the agent's own totals follow, and nothing else.</summary>
    public const string Done = "done";
    /// <summary>The agent could not run (bad options, unreachable target); the message says why.</summary>
    public const string Error = "error";
}

/// <summary>One line of an agent's stream. Which fields are set depends on <see cref="Type"/> (<see cref="AgentMessageTypes"/>).</summary>
public sealed record AgentMessage
{
    /// <summary>One of <see cref="AgentMessageTypes"/>.</summary>
    public required string Type { get; init; }
    /// <summary>The agent's index (0 … of-1).</summary>
    public required int Index { get; init; }
    /// <summary>interval: 1 for the first measured second, then 2, 3, …</summary>
    public int? Seq { get; init; }
    /// <summary>interval: the second's counters, as the agent's own time series has them.</summary>
    public TimeSeriesPoint? Point { get; init; }
    /// <summary>interval: the second's latency histogram (µs) as an HdrHistogram log line (<see cref="HistogramLogLine"/>).</summary>
    public string? Histogram { get; init; }
    /// <summary>done: the agent's statistics of its measured phase.</summary>
    public ScenarioStats? Stats { get; init; }
    /// <summary>ready: the agent's host name, to tell agents apart in reports.</summary>
    public string? Host { get; init; }
    /// <summary>heartbeat: the phase ("init", "warm-up").</summary>
    public string? Phase { get; init; }
    /// <summary>error: the problem and the fix; done: why the agent's run stopped early, if it did.</summary>
    public string? Message { get; init; }
}

/// <summary>The JSON settings of the protocol: camelCase, nulls left out, one object per line.</summary>
public static class AgentJson
{
    /// <summary>The media type of an agent's stream.</summary>
    public const string NdJson = "application/x-ndjson";

    /// <summary>Options for every protocol body.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>One NDJSON line (no newline).</summary>
    public static string Line(AgentMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Parses one line; throws <see cref="JsonException"/> on garbage.</summary>
    public static AgentMessage Parse(string line) =>
        JsonSerializer.Deserialize<AgentMessage>(line, Options) ?? throw new JsonException("empty agent message");
}
