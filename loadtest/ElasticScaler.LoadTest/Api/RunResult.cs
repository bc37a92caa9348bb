using ElasticScaler.Core.Ack;

namespace ElasticScaler.LoadTest;

/// <summary>Process exit codes of a run: the release gate's contract.</summary>
public static class ExitCodes
{
    /// <summary>Every threshold passed.</summary>
    public const int Passed = 0;
    /// <summary>A threshold failed, or the run was aborted by one (or by the scenario).</summary>
    public const int ThresholdFailed = 1;
    /// <summary>Bad arguments, scenario file, simulation or threshold; the message names the problem and the fix.</summary>
    public const int BadConfig = 2;
    /// <summary>The target did not answer a TCP connect at start.</summary>
    public const int Unreachable = 3;
}

/// <summary>Replicas of the sampled workload at one moment: on regular nodes (ECS) and on ACK's virtual nodes (ECI,
/// <see cref="AckLabels.VirtualNodeValue"/>).</summary>
public sealed record ReplicaSample(int Ecs, int Eci, int? Desired = null)
{
    /// <summary>ECS + ECI.</summary>
    public int Total => Ecs + Eci;
}

/// <summary>One replica sample on the run's time axis (seconds since the measured phase began; negative during warm-up).</summary>
public sealed record ReplicaPoint(double Second, int Ecs, int Eci, int? Desired);

/// <summary>Everything a run produced: statistics, thresholds, time series, the exit code, and report files.</summary>
public sealed record LoadRunResult
{
    /// <summary>0 passed, 1 threshold failed, 2 bad configuration, 3 unreachable (see <see cref="ExitCodes"/>).</summary>
    public required int ExitCode { get; init; }
    /// <summary>The test's name.</summary>
    public required string TestName { get; init; }
    /// <summary>When the run started (from the runner's TimeProvider).</summary>
    public required DateTimeOffset StartedUtc { get; init; }
    /// <summary>Per-scenario statistics of the measured phase.</summary>
    public required IReadOnlyList<ScenarioStats> ScenarioStats { get; init; }
    /// <summary>Per-scenario 1 s time series.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<TimeSeriesPoint>> TimeSeries { get; init; }
    /// <summary>The load simulations of each scenario, as written.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> LoadSimulations { get; init; }
    /// <summary>Every threshold's verdict.</summary>
    public required IReadOnlyList<ThresholdResult> Thresholds { get; init; }
    /// <summary>Replica samples, when a workload was sampled.</summary>
    public IReadOnlyList<ReplicaPoint> Replicas { get; init; } = [];
    /// <summary>What was sampled for replicas ("deployment shop/web"), or null.</summary>
    public string? ReplicaTarget { get; init; }
    /// <summary>Why replica sampling failed, if it did (the run goes on without it).</summary>
    public string? ReplicaError { get; init; }
    /// <summary>Why the run stopped early, or null.</summary>
    public string? AbortReason { get; init; }
    /// <summary>For exit code 2/3: the problem and the fix.</summary>
    public string? Error { get; init; }
    /// <summary>With agents: one row per agent (its RPS, errors, CPU, status); empty for a single-process run.</summary>
    public IReadOnlyList<Agents.AgentRow> Agents { get; init; } = [];
    /// <summary>With agents, when some died, never started or lagged: which agents the verdict covers ("covers only agents 0, 2 of 3").</summary>
    public string? AgentCoverage { get; init; }
    /// <summary>Paths of the report files written.</summary>
    public IReadOnlyList<string> ReportFiles { get; init; } = [];

    /// <summary>The scenario named <paramref name="scenarioName"/>; throws when there is none.</summary>
    public ScenarioStats Get(string scenarioName) =>
        Find(scenarioName) ?? throw new KeyNotFoundException($"scenario '{scenarioName}' not found; scenarios: {string.Join(", ", ScenarioStats.Select(s => s.ScenarioName))}");

    /// <summary>The scenario named <paramref name="scenarioName"/>, or null.</summary>
    public ScenarioStats? Find(string scenarioName) => ScenarioStats.FirstOrDefault(s => s.ScenarioName == scenarioName);

    /// <summary>True when every threshold passed and nothing aborted the run.</summary>
    public bool Passed => ExitCode == ExitCodes.Passed;

    internal static LoadRunResult Failed(int exitCode, string testName, DateTimeOffset started, string error) => new()
    {
        ExitCode = exitCode, TestName = testName, StartedUtc = started, ScenarioStats = [],
        TimeSeries = new Dictionary<string, IReadOnlyList<TimeSeriesPoint>>(), LoadSimulations = new Dictionary<string, IReadOnlyList<string>>(),
        Thresholds = [], Error = error,
    };
}
