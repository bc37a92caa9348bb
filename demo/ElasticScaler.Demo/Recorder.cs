using System.Diagnostics;
using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Load;
using ElasticScaler.Demo.Summary;
using ElasticScaler.Demo.Watch;

namespace ElasticScaler.Demo;

/// <summary>
/// The demo's record, one <see cref="DemoSecond"/> a second from the load harness's last second, the pod watch, the
/// scaler's status and the cost meter, fed to the web page's timeline as it goes. Times are seconds since the load
/// started: what comes before it (the cluster settling) is held back until the load starts and then given negative
/// times, so the page's axis starts where the load does.
/// </summary>
public sealed class Recorder(DemoTimeline timeline, PodWatch pods, Func<CancellationToken, Task<ScalerState>> scaler,
    Func<CancellationToken, Task<CostReading>> cost, int stepCount, TimeSpan stepDuration)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly List<DemoSecond> _seconds = [];
    private readonly List<DemoEvent> _events = [];
    private double? _loadStart;
    private double? _loadEnd;
    private RampLoad? _load;
    private DemoPhase _phase = DemoPhase.Starting;
    private CostReading _lastCost = new(0, 0, 0);
    private ScalerState _lastScaler = new(null, null, null, false);

    /// <summary>Seconds on the demo's own clock (since it started).</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Seconds since the load started for a time on the demo's clock; the demo's clock itself until the load starts.</summary>
    public double T(double now) => _loadStart is { } start ? now - start : now;

    public double? LoadStart => _loadStart;

    /// <summary>The scaler's status as last read.</summary>
    public ScalerState Scaler => _lastScaler;

    public DemoSecond? Latest
    {
        get
        {
            lock (_gate)
                return _seconds.Count == 0 ? null : _seconds[^1];
        }
    }

    public IReadOnlyList<DemoSecond> Seconds
    {
        get
        {
            lock (_gate)
                return [.. _seconds];
        }
    }

    public IReadOnlyList<DemoEvent> Events
    {
        get
        {
            lock (_gate)
                return [.. _events];
        }
    }

    /// <summary>The load starts now: held-back seconds and events get their times and go to the page.</summary>
    public void LoadStarted(RampLoad load)
    {
        lock (_gate)
        {
            _load = load;
            _loadStart = Now;
            for (var i = 0; i < _seconds.Count; i++)
            {
                _seconds[i] = _seconds[i] with { T = Math.Round(_seconds[i].T - _loadStart.Value, 1) };
                timeline.Add(_seconds[i].ToSample());
            }
            for (var i = 0; i < _events.Count; i++)
            {
                _events[i] = _events[i] with { T = Math.Round(_events[i].T - _loadStart.Value, 1) };
                timeline.Add(_events[i]);
            }
            Enter(DemoPhase.Running);
        }
    }

    public void LoadEnded()
    {
        lock (_gate)
        {
            _loadEnd = Now;
            Enter(DemoPhase.ScalingIn);
        }
    }

    public void Enter(DemoPhase phase)
    {
        _phase = phase;
        timeline.Enter(phase);
    }

    /// <summary>A scale event timed on the demo's own clock, as <see cref="ScalerEvents"/> gives it.</summary>
    public void Add(DemoEvent e)
    {
        lock (_gate)
        {
            var placed = e with { T = Math.Round(T(e.T), 1) };
            _events.Add(placed);
            if (_loadStart is not null)
                timeline.Add(placed);
        }
    }

    /// <summary>Records a second each second until <paramref name="ct"/> ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
                await RecordAsync(ct).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RecordAsync(CancellationToken ct)
    {
        try
        {
            _lastCost = await cost(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The sim is stopping or busy: keep the last reading.
        }
        try
        {
            _lastScaler = await scaler(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }
        var now = Now;
        var counts = pods.Counts;
        lock (_gate)
        {
            var t = T(now);
            var loading = _loadStart is not null && _loadEnd is null;
            int? step = loading ? Math.Min(stepCount - 1, (int)(t / stepDuration.TotalSeconds)) : null;
            // The harness's last measured second, when it is this one (its ticks run on their own timer).
            var tick = loading ? _load?.Latest : null;
            var point = tick?.Point is { } p && Math.Abs(p.Second - t) < 1.6 ? p : null;
            var second = new DemoSecond(
                Math.Round(t, 1), _phase, step, loading ? (int)(tick?.Target ?? 0) : 0,
                point?.Rps ?? 0, point?.P50 ?? 0, point?.P95 ?? 0, point?.P99 ?? 0,
                point?.Requests ?? 0, point?.Ok ?? 0, point?.Errors.GetValueOrDefault("timeout") ?? 0,
                counts.EcsReady, counts.EciReady, counts.Starting, counts.Pending, _lastScaler.Desired,
                _lastCost.EcsUsd, _lastCost.EciUsd, _lastCost.EcsNodes);
            _seconds.Add(second);
            if (_loadStart is not null)
                timeline.Add(second.ToSample());
        }
    }
}
