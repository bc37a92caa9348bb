using ElasticScaler.LoadTest.Stats;
using HdrHistogram;

namespace ElasticScaler.LoadTest.Engine;

/// <summary>
/// Once a second turns each scenario's cumulative counters and interval histogram into a <see cref="TimeSeriesPoint"/>,
/// and keeps the whole-run histogram for the final statistics. Only the sampling loop calls it.
/// </summary>
internal sealed class RunSampler(IReadOnlyList<ScenarioRunner> runners, TimeProvider time, ReplicaLog? replicas, IIntervalSink? sink = null)
{
    private readonly Dictionary<ScenarioRunner, State> _states = runners.ToDictionary(r => r, _ => new State());
    private readonly Lock _gate = new();
    private TimeSpan _lastCpu = Environment.CpuUsage.TotalTime;
    private long _lastCpuStamp = time.GetTimestamp();

    public IReadOnlyList<TimeSeriesPoint> Points(ScenarioRunner runner) => _states[runner].Points;

    /// <summary>Called by a runner the moment its measured phase begins, to pin the CPU baseline.</summary>
    public void MarkStart(ScenarioRunner runner)
    {
        lock (_gate)
        {
            _states[runner].CpuAtStart = Environment.CpuUsage.TotalTime;
            _states[runner].AllocatedAtStart = GC.GetTotalAllocatedBytes();
        }
    }

    /// <summary>
    /// Notes each measuring scenario's requests in flight; called about ten times a second between samples, so a
    /// sample's concurrency is the median over its second rather than the value at its last instant, which falls on
    /// a stage boundary when samples and stages both run on whole seconds.
    /// </summary>
    public void Poll()
    {
        lock (_gate)
        {
            foreach (var runner in runners)
            {
                if (runner.MeasureStart != 0 && runner.Phase == ScenarioPhase.Bombing)
                {
                    _states[runner].InFlightPolls.Add(runner.Metrics.InFlight);
                }
            }
        }
    }

    /// <summary>Takes one sample of every scenario; returns the progress ticks.</summary>
    public IReadOnlyList<ProgressTick> Sample(bool final)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var cpu = Environment.CpuUsage.TotalTime;
            var wall = time.GetElapsedTime(_lastCpuStamp, now);
            var cpuPercent = wall > TimeSpan.Zero ? 100 * (cpu - _lastCpu) / wall : 0;
            _lastCpu = cpu;
            _lastCpuStamp = now;
            var replica = replicas?.Latest;
            var ticks = new List<ProgressTick>();
            foreach (var runner in runners)
            {
                ticks.Add(SampleOne(runner, _states[runner], now, cpuPercent, replica, final));
            }

            return ticks;
        }
    }

    private ProgressTick SampleOne(ScenarioRunner runner, State state, long now, double cpuPercent, ReplicaSample? replica, bool final)
    {
        var point = runner.Current;
        var start = runner.MeasureStart;
        var open = runner.Plan.Model == LoadModel.Open;
        var remainingPlan = runner.Plan.Duration == TimeSpan.MaxValue ? (TimeSpan?)null : runner.Plan.Duration - runner.Measured;
        if (start == 0)
        {
            sink?.OnHeartbeat(runner.Props.ScenarioName, PhaseName(runner.Phase));
            return new ProgressTick(runner.Props.ScenarioName, PhaseName(runner.Phase), point.StageName, open, point.Target,
                runner.Metrics.InFlight, 0, 0, 0, 0, TimeSpan.Zero, remainingPlan, cpuPercent, replica);
        }

        if (runner.Phase == ScenarioPhase.Done && state.CpuAtEnd is null)
        {
            // CPU per request counts the measured phase only, not the clean-up and report writing after it.
            state.CpuAtEnd = Environment.CpuUsage.TotalTime;
            state.AllocatedAtEnd = GC.GetTotalAllocatedBytes();
        }

        var interval = runner.Metrics.TakeInterval();
        state.Total.Add(interval);
        var ok = runner.Metrics.Ok;
        var fail = runner.Metrics.Fail;
        var dropped = runner.Metrics.Dropped;
        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var kind in ErrorKinds.Errors)
        {
            var n = runner.Metrics.ErrorCount(kind);
            var delta = n - state.LastErrors.GetValueOrDefault(kind);
            state.LastErrors[kind] = n;
            if (delta > 0)
            {
                errors[ErrorKinds.Name(kind)] = delta;
            }
        }

        var from = Math.Max(state.LastStamp, start);
        var seconds = time.GetElapsedTime(from, now).TotalSeconds;
        // The row's counts cover (from, now]: describe it by the plan in force in its middle, not at its last instant.
        var planned = runner.Plan.At(time.GetElapsedTime(start, from + ((now - from) / 2)));
        var requests = ok + fail - state.LastOk - state.LastFail;
        var elapsed = time.GetElapsedTime(start, now);
        var latency = LatencyHistogram.Summarize(interval);
        var sample = new TimeSeriesPoint
        {
            Second = Math.Round(elapsed.TotalSeconds, 2),
            Stage = planned.StageName,
            Target = Math.Round(planned.Target, 2),
            Concurrency = MedianInFlight(state.InFlightPolls, runner.Metrics.InFlight),
            Requests = requests,
            Ok = ok - state.LastOk,
            Fail = fail - state.LastFail,
            Rps = seconds > 0 ? Math.Round(requests / seconds, 1) : 0,
            P50 = latency.P50,
            P95 = latency.P95,
            P99 = latency.P99,
            Max = latency.MaxMs,
            Errors = errors,
            Dropped = dropped - state.LastDropped,
            CpuPercent = Math.Round(cpuPercent, 1),
            EcsReplicas = replica?.Ecs,
            EciReplicas = replica?.Eci,
        };
        // Every interval goes to the sink, the final sliver too: the coordinator's sums must equal the agent's totals.
        sink?.OnInterval(runner.Props.ScenarioName, sample, interval, time.GetElapsedTime(start, from).TotalSeconds, seconds);
        // A sliver at the very end (the run stopped just after a tick) says nothing per second; fold it into totals only.
        if (!final || seconds >= 0.25 || requests > 0)
        {
            state.Points.Add(sample);
        }

        state.InFlightPolls.Clear();
        state.LastOk = ok;
        state.LastFail = fail;
        state.LastDropped = dropped;
        state.LastStamp = now;
        return new ProgressTick(runner.Props.ScenarioName, PhaseName(runner.Phase), point.StageName, open, point.Target,
            runner.Metrics.InFlight, sample.Rps, sample.P95, fail, ok + fail, elapsed, remainingPlan, cpuPercent, replica)
        {
            Point = sample,
        };
    }

    /// <summary>The scenario's statistics so far (or final, after the last <see cref="Sample"/>).</summary>
    public ScenarioStats Stats(ScenarioRunner runner)
    {
        lock (_gate)
        {
            var state = _states[runner];
            var duration = runner.Measured;
            var ok = runner.Metrics.Ok;
            var fail = runner.Metrics.Fail;
            var all = ok + fail;
            var seconds = Math.Max(duration.TotalSeconds, 1e-9);
            var cpu = runner.MeasureStart == 0 ? TimeSpan.Zero : (state.CpuAtEnd ?? Environment.CpuUsage.TotalTime) - state.CpuAtStart;
            var allocated = runner.MeasureStart == 0 ? 0 : (state.AllocatedAtEnd ?? GC.GetTotalAllocatedBytes()) - state.AllocatedAtStart;
            return new ScenarioStats
            {
                ScenarioName = runner.Props.ScenarioName,
                Duration = duration,
                AllRequestCount = all,
                Ok = new RequestCounts(ok, ok / seconds, all == 0 ? 0 : 100.0 * ok / all),
                Fail = new RequestCounts(fail, fail / seconds, all == 0 ? 0 : 100.0 * fail / all),
                Latency = LatencyHistogram.Summarize(state.Total),
                StatusCodes = runner.Metrics.StatusCodes(),
                Errors = runner.Metrics.ErrorsByName(),
                Dropped = runner.Metrics.Dropped,
                Bytes = runner.Metrics.Bytes,
                CpuMicrosPerRequest = all == 0 ? 0 : Math.Round(cpu.TotalMicroseconds / all, 2),
                CpuPercent = Math.Round(100 * cpu.TotalSeconds / seconds, 1),
                AllocatedBytesPerRequest = all == 0 ? 0 : Math.Round((double)allocated / all, 1),
                PeakConcurrency = runner.Metrics.Peak,
                Steps = runner.Steps.Summarize(duration),
            };
        }
    }

    private static string PhaseName(ScenarioPhase phase) => phase switch
    {
        ScenarioPhase.WarmUp => "warm-up",
        ScenarioPhase.Bombing => "running",
        _ => phase.ToString().ToLowerInvariant(),
    };

    private static int MedianInFlight(List<int> polls, int now)
    {
        if (polls.Count == 0)
        {
            return now;
        }

        polls.Sort();
        return polls[polls.Count / 2];
    }

    private sealed class State
    {
        public List<int> InFlightPolls { get; } = new(16);
        public HistogramBase Total { get; } = LatencyHistogram.New();
        public List<TimeSeriesPoint> Points { get; } = [];
        public Dictionary<ErrorKind, long> LastErrors { get; } = [];
        public long LastOk { get; set; }
        public long LastFail { get; set; }
        public long LastDropped { get; set; }
        public long LastStamp { get; set; }
        public TimeSpan CpuAtStart { get; set; }
        public TimeSpan? CpuAtEnd { get; set; }
        public long AllocatedAtStart { get; set; }
        public long? AllocatedAtEnd { get; set; }
    }
}
