namespace ElasticScaler.Sim.Workload;

/// <summary>
/// One pod's sample over the window since the previous one: cpu in millicores (idle included), memory in bytes,
/// the requests that arrived at the pod in the window and those admitted and not yet answered at the sample.
/// </summary>
public readonly record struct PodSample(long CpuMillis, long MemoryBytes, TimeSpan Window, long Arrivals, int InFlight)
{
    /// <summary>Arrivals per second over the window, truncated to milli-units as prometheus-adapter's milli quantity does.</summary>
    public decimal ArrivalsPerSecond => PerSecond(Arrivals, Window);

    /// <summary><paramref name="count"/> events over <paramref name="window"/> per second, truncated to milli-units.</summary>
    public static decimal PerSecond(long count, TimeSpan window) =>
        window > TimeSpan.Zero ? decimal.Truncate(count * 1000m * TimeSpan.TicksPerSecond / window.Ticks) / 1000m : 0;
}

/// <summary>
/// One pod as a single FIFO server: it executes requests one after another at its capacity (cores), so a request
/// of <c>cpu</c> core-time takes <c>cpu / capacity</c> of wall time, and work beyond capacity becomes a queue.
/// Time is passed in (never read), so live mode, fast mode and tests drive the same arithmetic.
/// Thread-safe: live mode admits from many request threads.
/// </summary>
public sealed class PodLoad
{
    private readonly object _gate = new();
    private readonly LoadModelOptions _options;
    private readonly long _serviceTicks;
    private readonly Queue<long> _servingEnds = new();   // end times of admitted, served requests (monotonic)
    private readonly Queue<long> _timeoutEnds = new();   // when each timed-out request gives up (monotonic)
    private long _busyStart, _busyUntil, _closedBusy;    // the current busy period and the sum of earlier ones
    private long _sampledAt, _sampledBusy;
    private long _arrivals, _sampledArrivals;         // requests that reached the pod (not after it was killed)
    private long _killedAt = long.MaxValue;
    private readonly CancellationTokenSource _gone = new();

    public PodLoad(string ns, string name, string? nodeName, double capacityCores, LoadModelOptions options, DateTimeOffset createdAt, string containerName = "app")
    {
        ContainerName = containerName;
        if (!(capacityCores > 0)) throw new ArgumentException($"pod {ns}/{name}: capacity {capacityCores} cores: the container needs a cpu request above zero");
        Namespace = ns;
        Name = name;
        NodeName = nodeName;
        CapacityCores = capacityCores;
        _options = options;
        _serviceTicks = Math.Max(1, (long)Math.Round(options.CpuPerRequest.Ticks / capacityCores));
        _busyStart = _busyUntil = _sampledAt = createdAt.UtcTicks;
    }

    public string Namespace { get; }
    public string Name { get; }
    public string? NodeName { get; }
    public double CapacityCores { get; }
    /// <summary>The container the usage is reported for in metrics.k8s.io.</summary>
    public string ContainerName { get; }
    /// <summary>Cancelled when the pod is killed, so live requests waiting on it stop at once.</summary>
    public CancellationToken Gone => _gone.Token;
    /// <summary>Wall time one request takes on this pod when nothing waits before it.</summary>
    public TimeSpan ServiceTime => TimeSpan.FromTicks(_serviceTicks);
    public bool Killed => _killedAt != long.MaxValue;
    public DateTimeOffset? KilledAt => Killed ? new DateTimeOffset(_killedAt, TimeSpan.Zero) : null;

    /// <summary>Decides one request arriving at <paramref name="now"/>; a served one joins the queue.</summary>
    public Admission Admit(DateTimeOffset now)
    {
        long t = now.UtcTicks;
        lock (_gate)
        {
            if (t >= _killedAt) return new Admission(Outcome.Failed, now, now, now);
            _arrivals++;   // reached the pod, whatever it answers (a full queue's 503 too)
            long backlog = Math.Max(0, _busyUntil - t);
            if (backlog / _serviceTicks >= _options.QueueLimit && backlog > 0)
                return new Admission(Outcome.Rejected, now, now, now);
            if (backlog + _serviceTicks > _options.Timeout.Ticks)
            {
                // The client gives up at the timeout; the pod drops it from the queue then, having spent no CPU on it.
                long giveUp = t + _options.Timeout.Ticks;
                _timeoutEnds.Enqueue(giveUp);
                return new Admission(Outcome.TimedOut, now, At(giveUp), At(giveUp));
            }
            if (t >= _busyUntil)
            {
                _closedBusy += _busyUntil - _busyStart;
                _busyStart = t;
                _busyUntil = t;
            }
            long start = _busyUntil;
            _busyUntil += _serviceTicks;
            _servingEnds.Enqueue(_busyUntil);
            var outcome = _busyUntil - t > _options.LateAfter.Ticks ? Outcome.Late : Outcome.Served;
            return new Admission(outcome, now, At(start), At(_busyUntil));
        }
    }

    /// <summary>Requests admitted and not yet answered at <paramref name="now"/> (executing, queued or waiting to time out).</summary>
    public int Outstanding(DateTimeOffset now)
    {
        long t = now.UtcTicks;
        lock (_gate)
        {
            while (_servingEnds.Count > 0 && _servingEnds.Peek() <= t) _servingEnds.Dequeue();
            while (_timeoutEnds.Count > 0 && _timeoutEnds.Peek() <= t) _timeoutEnds.Dequeue();
            return _servingEnds.Count + _timeoutEnds.Count;
        }
    }

    /// <summary>Core-seconds of CPU spent on requests up to <paramref name="now"/> (not before the last admission).</summary>
    public double CpuSecondsUntil(DateTimeOffset now)
    {
        lock (_gate) return BusyTicks(now.UtcTicks) / (double)TimeSpan.TicksPerSecond * CapacityCores;
    }

    /// <summary>
    /// metrics-server's view and the app's own: the average cores used since the previous sample (the window), the
    /// requests that arrived in it and those in flight now; then starts a new window.
    /// </summary>
    public PodSample Sample(DateTimeOffset now)
    {
        long t = now.UtcTicks;
        int outstanding = Outstanding(now);
        lock (_gate)
        {
            long busy = BusyTicks(t);
            long elapsed = t - _sampledAt;
            double cores = elapsed > 0 ? (busy - _sampledBusy) / (double)elapsed * CapacityCores : 0;
            long arrivals = _arrivals - _sampledArrivals;
            _sampledAt = t;
            _sampledBusy = busy;
            _sampledArrivals = _arrivals;
            long cpu = (long)Math.Round(cores * 1000) + _options.IdleCpuMillis;
            long memory = _options.BaseMemoryBytes + outstanding * _options.MemoryPerInFlightBytes;
            return new PodSample(cpu, memory, TimeSpan.FromTicks(elapsed), arrivals, outstanding);
        }
    }

    /// <summary>The pod's container is gone (deleted, not gracefully): requests not finished by then fail.</summary>
    public void Kill(DateTimeOffset now)
    {
        lock (_gate) _killedAt = Math.Min(_killedAt, now.UtcTicks);
        _gone.Cancel();
    }

    private long BusyTicks(long t)
    {
        long end = Math.Min(_busyUntil, Math.Min(t, _killedAt));
        return _closedBusy + Math.Max(0, end - _busyStart);
    }

    private static DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
}
