using System.Globalization;
using HdrHistogram;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// The coordinator's view of every agent: what each has sent, and the health rules. An agent that never makes contact
/// by the start instant plus two intervals never started; one whose stream breaks off before its totals died; one
/// silent for more than two intervals, or more than two intervals behind the furthest agent, lagged. Thread-safe:
/// the links call in from their own tasks, the coordinator's loop calls <see cref="Judge"/> once a second.
/// </summary>
internal sealed class AgentTracker
{
    /// <summary>An agent's sampling interval; lag is counted in these.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How many intervals an agent may fall behind before it counts as lagging (the issue's contract).</summary>
    public const int MaxLagIntervals = 2;

    private readonly Lock _gate = new();
    private readonly Progress[] _agents;
    private readonly DateTimeOffset _startAt;

    public AgentTracker(IReadOnlyList<string> addresses, DateTimeOffset startAt)
    {
        _agents = addresses.Select((a, i) => new Progress(i, a)).ToArray();
        _startAt = startAt;
    }

    public int Count => _agents.Length;

    /// <summary>True when no agent can send anything more.</summary>
    public bool AllSettled
    {
        get
        {
            lock (_gate)
            {
                return _agents.All(a => IsTerminal(a.Status));
            }
        }
    }

    public AgentStatus StatusOf(int index)
    {
        lock (_gate)
        {
            return _agents[index].Status;
        }
    }

    public void SetAddress(int index, string address)
    {
        lock (_gate)
        {
            _agents[index].Address = address;
        }
    }

    /// <summary>Applies one line of agent <paramref name="index"/>'s stream. A line from a settled agent is ignored.</summary>
    public void OnMessage(int index, AgentMessage message, DateTimeOffset now, int wireBytes = 0)
    {
        lock (_gate)
        {
            var a = _agents[index];
            if (IsTerminal(a.Status))
            {
                return;
            }

            a.WireBytes += wireBytes;
            a.LastHeard = now;
            switch (message.Type)
            {
                case AgentMessageTypes.Ready:
                    a.Status = AgentStatus.Ready;
                    a.Host = message.Host;
                    break;
                case AgentMessageTypes.Heartbeat:
                    a.Status = AgentStatus.Running;
                    break;
                case AgentMessageTypes.Interval when message.Point is { } point && message.Histogram is { } line:
                    a.Status = AgentStatus.Running;
                    a.Intervals.Add(new AgentInterval(message.Seq ?? a.Intervals.Count + 1, point, HistogramLogLine.Decode(line)));
                    break;
                case AgentMessageTypes.Done:
                    a.Status = AgentStatus.Completed;
                    a.Stats = message.Stats;
                    a.StoppedEarly = message.Message;
                    break;
                case AgentMessageTypes.Error:
                    a.Status = AgentStatus.Failed;
                    a.Problem = message.Message ?? "the agent reported an error";
                    break;
                default:
                    throw new FormatException($"agent {index}: unknown or incomplete message type '{message.Type}'");
            }
        }
    }

    /// <summary>The stream of agent <paramref name="index"/> ended (or could not be opened): dead unless it had finished.</summary>
    public void OnStreamEnded(int index, string? why)
    {
        lock (_gate)
        {
            var a = _agents[index];
            if (IsTerminal(a.Status))
            {
                return;
            }

            var intervals = a.Intervals.Count.ToString(CultureInfo.InvariantCulture);
            (a.Status, a.Problem) = a.Status == AgentStatus.Waiting
                ? (AgentStatus.NeverStarted, $"never started: {why ?? "no contact"}")
                : (AgentStatus.Died, $"died after {intervals} interval(s): {why ?? "its stream ended before its totals"}");
        }
    }

    /// <summary>Applies the time rules at <paramref name="now"/>; with <paramref name="final"/>, every agent still going is lagging.</summary>
    public void Judge(DateTimeOffset now, bool final = false)
    {
        lock (_gate)
        {
            var leader = _agents.Max(a => a.Intervals.Count);
            foreach (var a in _agents.Where(a => !IsTerminal(a.Status)))
            {
                var verdict = AgentHealth.Judge(a.Status, a.LastHeard, a.Intervals.Count, leader, _startAt, now, final);
                if (verdict.Lagged && !a.Lagged)
                {
                    a.Lagged = true;
                    a.Problem = verdict.Why;
                }

                if (verdict.Status is { } status)
                {
                    a.Status = status;
                    a.Problem = verdict.Why;
                }
            }
        }
    }

    /// <summary>A consistent copy of every agent, for the merge.</summary>
    public IReadOnlyList<AgentSnapshot> Snapshot()
    {
        lock (_gate)
        {
            return _agents.Select(a => new AgentSnapshot(a.Index, a.Address, a.Host, a.Status, a.Lagged, a.Problem ?? a.StoppedEarly,
                a.Intervals.ToList(), a.Stats, a.WireBytes)).ToList();
        }
    }

    private static bool IsTerminal(AgentStatus s) => s is AgentStatus.Completed or AgentStatus.Died or AgentStatus.NeverStarted or AgentStatus.Failed or AgentStatus.Lagging;

    private sealed class Progress(int index, string address)
    {
        public int Index { get; } = index;
        public string Address { get; set; } = address;
        public string? Host { get; set; }
        public AgentStatus Status { get; set; } = AgentStatus.Waiting;
        public DateTimeOffset? LastHeard { get; set; }
        public List<AgentInterval> Intervals { get; } = [];
        public ScenarioStats? Stats { get; set; }
        public bool Lagged { get; set; }
        public string? Problem { get; set; }
        public string? StoppedEarly { get; set; }
        public long WireBytes { get; set; }
    }
}

/// <summary>One measured second from one agent: its counters and its decoded histogram.</summary>
internal sealed record AgentInterval(int Seq, TimeSeriesPoint Point, HistogramBase Histogram);

/// <summary>One agent at the end of the run.</summary>
internal sealed record AgentSnapshot(int Index, string Address, string? Host, AgentStatus Status, bool Lagged, string? Problem,
    IReadOnlyList<AgentInterval> Intervals, ScenarioStats? Stats, long WireBytes = 0);

/// <summary>The time rules, apart from the state they judge.</summary>
internal static class AgentHealth
{
    /// <summary>A new status (or null to keep it), whether the agent lags, and why.</summary>
    public readonly record struct Verdict(AgentStatus? Status, bool Lagged, string? Why);

    public static Verdict Judge(AgentStatus status, DateTimeOffset? lastHeard, int intervals, int leaderIntervals, DateTimeOffset startAt,
        DateTimeOffset now, bool final)
    {
        var limit = AgentTracker.Interval * AgentTracker.MaxLagIntervals;
        var inv = CultureInfo.InvariantCulture;
        if (status == AgentStatus.Waiting)
        {
            return final || now - startAt > limit
                ? new Verdict(AgentStatus.NeverStarted, false, string.Create(inv, $"never started: no contact by {limit.TotalSeconds:0} s after the start instant"))
                : default;
        }

        if (final)
        {
            return new Verdict(AgentStatus.Lagging, true, string.Create(inv, $"lagging: not finished by the run's end plus the grace ({intervals} interval(s) received)"));
        }

        if (now <= startAt)
        {
            return default;
        }

        var silent = now - (lastHeard is { } heard && heard > startAt ? heard : startAt);
        if (silent > limit + AgentTracker.Interval)
        {
            return new Verdict(null, true, string.Create(inv, $"lagging: nothing for {silent.TotalSeconds:0.#} s (more than {AgentTracker.MaxLagIntervals} intervals)"));
        }

        if (leaderIntervals - intervals > AgentTracker.MaxLagIntervals)
        {
            return new Verdict(null, true, string.Create(inv, $"lagging: {leaderIntervals - intervals} intervals behind the furthest agent"));
        }

        return default;
    }
}
