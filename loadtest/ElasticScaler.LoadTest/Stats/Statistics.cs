namespace ElasticScaler.LoadTest;

/// <summary>Latency summary in milliseconds: p50 … p99.9 and max, from HdrHistogram.</summary>
public sealed record LatencyStats(double MinMs, double MeanMs, double MaxMs, double P50, double P75, double P90, double P95,
    double P99, double P999, double StdDevMs)
{
    /// <summary>No samples.</summary>
    public static readonly LatencyStats Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The value at percentile <paramref name="p"/> among the ones kept (50, 75, 90, 95, 99, 99.9), else null.</summary>
    public double? Percentile(double p) => p switch
    {
        50 => P50,
        75 => P75,
        90 => P90,
        95 => P95,
        99 => P99,
        99.9 => P999,
        100 => MaxMs,
        _ => null,
    };
}

/// <summary>Counts of one outcome (ok or fail) as NBomber shows them: count, per second, and percent of all.</summary>
public sealed record RequestCounts(long Count, double Rps, double Percent);

/// <summary>A step's statistics (see <see cref="Step.Run"/>).</summary>
public sealed record StepStats(string StepName, RequestCounts Ok, RequestCounts Fail, LatencyStats Latency);

/// <summary>Everything measured for one scenario over its measured (post warm-up) phase.</summary>
public sealed record ScenarioStats
{
    /// <summary>The scenario's name.</summary>
    public required string ScenarioName { get; init; }
    /// <summary>Measured wall time (warm-up excluded).</summary>
    public required TimeSpan Duration { get; init; }
    /// <summary>All completed requests (ok + fail).</summary>
    public required long AllRequestCount { get; init; }
    /// <summary>Successes.</summary>
    public required RequestCounts Ok { get; init; }
    /// <summary>Failures of any kind.</summary>
    public required RequestCounts Fail { get; init; }
    /// <summary>Latency of all completed requests; in the open model measured from the intended start time.</summary>
    public required LatencyStats Latency { get; init; }
    /// <summary>Requests per HTTP status ("200", "503"; "0" = no HTTP status, e.g. refused).</summary>
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }
    /// <summary>Failures per kind, by the snake-case names of <see cref="ErrorKinds.Name"/>.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    /// <summary>Open model: starts skipped because the in-flight cap was reached (k6's dropped_iterations).</summary>
    public required long Dropped { get; init; }
    /// <summary>Bytes received in all responses.</summary>
    public required long Bytes { get; init; }
    /// <summary>Generator CPU time per completed request, in microseconds (whole process).</summary>
    public required double CpuMicrosPerRequest { get; init; }
    /// <summary>Generator CPU use over the run, in percent of one core.</summary>
    public required double CpuPercent { get; init; }
    /// <summary>Bytes the whole process allocated per completed request over the measured phase (GC pressure).</summary>
    public double AllocatedBytesPerRequest { get; init; }
    /// <summary>Peak concurrency (closed) or in-flight requests (open) observed.</summary>
    public required int PeakConcurrency { get; init; }
    /// <summary>Per-step statistics in first-seen order.</summary>
    public required IReadOnlyList<StepStats> Steps { get; init; }

    /// <summary>All requests per second.</summary>
    public double Rps => Duration > TimeSpan.Zero ? AllRequestCount / Duration.TotalSeconds : 0;
    /// <summary>Successes as a fraction of all requests (1 when nothing ran, 0 …1).</summary>
    public double SuccessRate => AllRequestCount == 0 ? 0 : (double)Ok.Count / AllRequestCount;
    /// <summary>Failures as a fraction of all requests (0 … 1).</summary>
    public double ErrorRate => AllRequestCount == 0 ? 0 : (double)Fail.Count / AllRequestCount;

    /// <summary>The step named <paramref name="stepName"/>; throws when there is none (use <see cref="Find"/> to probe).</summary>
    public StepStats Get(string stepName) =>
        Find(stepName) ?? throw new KeyNotFoundException($"step '{stepName}' not found in scenario '{ScenarioName}'; steps: {string.Join(", ", Steps.Select(s => s.StepName))}");

    /// <summary>The step named <paramref name="stepName"/>, or null.</summary>
    public StepStats? Find(string stepName) => Steps.FirstOrDefault(s => s.StepName == stepName);
}

/// <summary>One second of one scenario.</summary>
public sealed record TimeSeriesPoint
{
    /// <summary>Seconds since the measured phase started (negative during warm-up is never reported).</summary>
    public required double Second { get; init; }
    /// <summary>The stage the plan was in.</summary>
    public required string Stage { get; init; }
    /// <summary>Concurrency (closed) or starts per second (open) the plan asked for.</summary>
    public required double Target { get; init; }
    /// <summary>Running virtual users (closed) or requests in flight (open) at the sample.</summary>
    public required int Concurrency { get; init; }
    /// <summary>Requests completed in this second.</summary>
    public required long Requests { get; init; }
    /// <summary>Successes in this second.</summary>
    public required long Ok { get; init; }
    /// <summary>Failures in this second.</summary>
    public required long Fail { get; init; }
    /// <summary>Requests per second over this interval.</summary>
    public required double Rps { get; init; }
    /// <summary>Median latency in this second (ms).</summary>
    public required double P50 { get; init; }
    /// <summary>p95 latency in this second (ms).</summary>
    public required double P95 { get; init; }
    /// <summary>p99 latency in this second (ms).</summary>
    public required double P99 { get; init; }
    /// <summary>Max latency in this second (ms).</summary>
    public required double Max { get; init; }
    /// <summary>Failures by kind in this second.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    /// <summary>Starts dropped in this second (open model).</summary>
    public required long Dropped { get; init; }
    /// <summary>Generator CPU in this second, percent of one core.</summary>
    public required double CpuPercent { get; init; }
    /// <summary>Replicas on regular nodes (ECS) at the sample, when sampling a workload.</summary>
    public int? EcsReplicas { get; init; }
    /// <summary>Replicas on ACK's virtual nodes (ECI) at the sample, when sampling a workload.</summary>
    public int? EciReplicas { get; init; }
}
