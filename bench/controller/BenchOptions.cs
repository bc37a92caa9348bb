namespace ElasticScaler.Bench.Controller;

/// <summary>What one run measures: N scalers of <see cref="PodsPerScaler"/> pods each, for <see cref="Duration"/> after set-up.</summary>
public sealed record BenchOptions
{
    public required int Scalers { get; init; }
    public int PodsPerScaler { get; init; } = 20;
    /// <summary>The measured run after set-up and warm-up: the steady window first, then the metric changes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);
    public string OutDir { get; init; } = Path.Combine("artifacts", "bench-controller");
    /// <summary>The service's --sync-period (its default, 15 s): "acted on within one sync period" is measured against it.</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>The memory limit the service runs under (a memory cgroup, as in its container); null: none.</summary>
    public long? ServiceMemoryLimitBytes { get; init; }

    /// <summary>Share of the scalers whose metric rises at each change (at least one).</summary>
    public const double ChangeShare = 0.1;

    /// <summary>The steady window: the first 40% of the run, at least two sync periods, no metric changes.</summary>
    public TimeSpan SteadyWindow => TimeSpan.FromTicks(Math.Max((long)(Duration.Ticks * 0.4), 2 * SyncPeriod.Ticks));

    /// <summary>Time between changes: a sync period and a margin, so each change is judged on its own.</summary>
    public TimeSpan ChangeSpacing => SyncPeriod + TimeSpan.FromSeconds(5);

    /// <summary>
    /// Changes fit after the steady window with a whole <see cref="ChangeSpacing"/> after each, so every change has
    /// its sync period to be acted on before the run ends; at least one.
    /// </summary>
    public int Changes => Math.Max(1, (int)((Duration - SteadyWindow).Ticks / ChangeSpacing.Ticks));

    /// <summary>The scalers each change raises.</summary>
    public int ScalersPerChange => Math.Max(1, (int)Math.Ceiling(Scalers * ChangeShare));
}
