namespace ElasticScaler.LoadTest;

/// <summary>One line of live progress for one scenario.</summary>
public sealed record ProgressTick(
    string Scenario,
    string Phase,
    string Stage,
    bool OpenModel,
    double Target,
    int Concurrency,
    double Rps,
    double P95,
    long Errors,
    long Requests,
    TimeSpan Elapsed,
    TimeSpan? Remaining,
    double CpuPercent,
    ReplicaSample? Replicas)
{
    /// <summary>The second's full row of the time series (p50, p99, ok and failed counts, errors by kind); null before measuring.</summary>
    public TimeSeriesPoint? Point { get; init; }
}

/// <summary>Receives live progress once a second; implementations must be quick and must not throw.</summary>
public interface IProgressSink
{
    /// <summary>Called once a second with one tick per scenario.</summary>
    void OnTick(IReadOnlyList<ProgressTick> ticks);

    /// <summary>Called once when the run is over (before reports are written).</summary>
    void OnFinished(LoadRunResult result);
}

/// <summary>Prints nothing.</summary>
public sealed class NoProgress : IProgressSink
{
    /// <summary>The one instance.</summary>
    public static readonly NoProgress Instance = new();

    /// <inheritdoc />
    public void OnTick(IReadOnlyList<ProgressTick> ticks)
    {
    }

    /// <inheritdoc />
    public void OnFinished(LoadRunResult result)
    {
    }
}
