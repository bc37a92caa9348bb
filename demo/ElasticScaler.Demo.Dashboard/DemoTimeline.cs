namespace ElasticScaler.Demo.Dashboard;

/// <summary>
/// One second of the demo: the load the harness applied, what it measured, and the cluster's pods by pool.
/// T is seconds since the load started (negative while the cluster settles before it); SuccessRate is the fraction of
/// responses that succeeded (0 to 1, as the load-test statistics count it); CostUsd is the cluster's cost so far.
/// Every figure is finite and none is negative (a second without responses records 0 latency): see
/// <see cref="DemoTimeline.Add(DemoSample)"/>.
/// </summary>
public sealed record DemoSample(
    double T, int Users, double Rps, double P50Ms, double P95Ms, double P99Ms, double SuccessRate,
    int EcsReady, int EciReady, int Starting, int Pending, double CostUsd);

/// <summary>A scale event the service recorded (the Kubernetes Event's reason and message), placed on the timeline.</summary>
public sealed record DemoEvent(double T, string Reason, string Message);

/// <summary>One row of the closing summary table.</summary>
public sealed record DemoSummaryRow(string Name, string Value);

/// <summary>Where the demo is: the page shows it and stops polling only for good after <see cref="Finished"/>.</summary>
public enum DemoPhase { Starting, Running, ScalingIn, Finished }

/// <summary>What the page reads: everything so far, in order.</summary>
public sealed record TimelineSnapshot(
    string Title, DemoPhase Phase, IReadOnlyList<DemoSample> Samples, IReadOnlyList<DemoEvent> Events,
    IReadOnlyList<DemoSummaryRow>? Summary);

/// <summary>
/// What the page reads once it holds some of the timeline: the samples from index <see cref="SamplesFrom"/> on and the
/// events from <see cref="EventsFrom"/> on. The page truncates what it holds to those indices and appends, so an
/// update is right even when the page held more than there is (a new demo on the same port starts from 0).
/// </summary>
public sealed record TimelineUpdate(
    string Title, DemoPhase Phase, int SamplesFrom, IReadOnlyList<DemoSample> Samples, int EventsFrom,
    IReadOnlyList<DemoEvent> Events, IReadOnlyList<DemoSummaryRow>? Summary);

/// <summary>
/// The demo's record of itself, written by the demo's loops and read by the dashboard: append-only, thread-safe,
/// and kept after the demo ends so the page shows the final state.
/// </summary>
public sealed class DemoTimeline(string title)
{
    private readonly Lock _gate = new();
    private readonly List<DemoSample> _samples = [];
    private readonly List<DemoEvent> _events = [];
    private DemoPhase _phase = DemoPhase.Starting;
    private IReadOnlyList<DemoSummaryRow>? _summary;

    /// <summary>
    /// Records one second. A NaN, infinite or negative figure is refused here, naming the field: JSON has no NaN, so
    /// one such sample kept would make every later read of the timeline fail.
    /// </summary>
    public void Add(DemoSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Check(sample.T, "DemoSample.T", allowNegative: true);
        Check(sample.Users, "DemoSample.Users");
        Check(sample.Rps, "DemoSample.Rps");
        Check(sample.P50Ms, "DemoSample.P50Ms");
        Check(sample.P95Ms, "DemoSample.P95Ms");
        Check(sample.P99Ms, "DemoSample.P99Ms");
        Check(sample.SuccessRate, "DemoSample.SuccessRate");
        if (sample.SuccessRate > 1)
            throw new ArgumentOutOfRangeException("DemoSample.SuccessRate", sample.SuccessRate,
                "DemoSample.SuccessRate is a fraction from 0 to 1 (0.995 for 99.5%)");
        Check(sample.EcsReady, "DemoSample.EcsReady");
        Check(sample.EciReady, "DemoSample.EciReady");
        Check(sample.Starting, "DemoSample.Starting");
        Check(sample.Pending, "DemoSample.Pending");
        Check(sample.CostUsd, "DemoSample.CostUsd");
        lock (_gate)
            _samples.Add(sample);
    }

    public void Add(DemoEvent scaleEvent)
    {
        ArgumentNullException.ThrowIfNull(scaleEvent);
        Check(scaleEvent.T, "DemoEvent.T", allowNegative: true);
        lock (_gate)
            _events.Add(scaleEvent);
    }

    public void Enter(DemoPhase phase)
    {
        lock (_gate)
            _phase = phase;
    }

    /// <summary>The demo ended: the summary is shown and the page keeps the final state.</summary>
    public void Finish(IReadOnlyList<DemoSummaryRow> summary)
    {
        lock (_gate)
        {
            _summary = summary;
            _phase = DemoPhase.Finished;
        }
    }

    public TimelineSnapshot Snapshot()
    {
        lock (_gate)
            return new TimelineSnapshot(title, _phase, [.. _samples], [.. _events], _summary);
    }

    /// <summary>
    /// The timeline from the page's position on: samples from index <paramref name="samples"/>, events from
    /// <paramref name="events"/> (the counts the page holds). A count beyond what is recorded starts that list over
    /// from 0.
    /// </summary>
    public TimelineUpdate Since(int samples, int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        lock (_gate)
        {
            var samplesFrom = samples <= _samples.Count ? samples : 0;
            var eventsFrom = events <= _events.Count ? events : 0;
            return new TimelineUpdate(title, _phase, samplesFrom, _samples[samplesFrom..], eventsFrom, _events[eventsFrom..], _summary);
        }
    }

    private static void Check(double value, string field, bool allowNegative = false)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(field, value, $"{field} must be a finite number (a second without responses records 0)");
        if (!allowNegative && value < 0)
            throw new ArgumentOutOfRangeException(field, value, $"{field} cannot be negative");
    }
}
