namespace ElasticScaler.Demo.Dashboard;

/// <summary>
/// One second of the demo: the load the harness applied, what it measured, and the cluster's pods by pool.
/// T is seconds since the load started (negative while the cluster settles before it); CostUsd is the cluster's
/// cost so far.
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

    public void Add(DemoSample sample)
    {
        lock (_gate)
            _samples.Add(sample);
    }

    public void Add(DemoEvent scaleEvent)
    {
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
}
