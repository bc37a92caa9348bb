namespace ElasticScaler.Demo;

/// <summary>
/// What one run of the demo does. <see cref="TimeScale"/> divides the seed's timeline (the 10-minute ramp, the
/// sample's windows, the service's sync period): 10/3 by default (about 3 minutes of ramp), 1 with --full.
/// </summary>
public sealed record DemoOptions
{
    /// <summary>The default compression: the seed's 10-minute ramp in 3 minutes.</summary>
    public const double DefaultTimeScale = 10.0 / 3.0;

    public int MaxUsers { get; init; } = 1000;
    public double TimeScale { get; init; } = DefaultTimeScale;
    public string ReportFolder { get; init; } = "demo-report";
    public int Port { get; init; }
    public bool Live { get; init; } = true;
    public bool KeepServing { get; init; }

    /// <summary>
    /// Each simulated user's wait after a page before the next, as a person reads it: with 600 ms, 1000 users ask about
    /// 1500 pages a second, which at the seed's 60 % CPU target is the ~100 pods the seed's HPA ends at.
    /// </summary>
    public TimeSpan ThinkTime { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>How long one request may take before the user gives up (the load harness's time-out).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The run fails (exit 1) below this share of successful requests over the ramp.</summary>
    public double MinSuccessRate { get; init; } = 0.95;

    /// <summary>The run fails (exit 1) when the ramp's p95 latency is above this.</summary>
    public TimeSpan MaxP95 { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One step of the pts-ramp (1 minute in the seed) under the time scale.</summary>
    public TimeSpan StepDuration => TimeSpan.FromMinutes(1) / TimeScale;

    /// <summary>The service's sync period: HPA's 15 s under the time scale, at least 1 s.</summary>
    public TimeSpan SyncPeriod => TimeSpan.FromSeconds(Math.Max(1, Math.Round(15 / TimeScale, MidpointRounding.AwayFromZero)));
}
