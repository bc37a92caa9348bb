namespace ElasticScaler.Sim.Logs;

/// <summary>One line of a container's log: its place in the log (1, 2, ...), when it was written, and its text.</summary>
public sealed record LogLine(long Sequence, DateTimeOffset At, string Text);

/// <summary>
/// One container's log as a ring of its last <see cref="Capacity"/> lines, so memory stays flat however long a pod
/// serves: older lines are overwritten, as a rotated log file loses them. Readers that follow wait on
/// <see cref="Read"/>'s signal, which fires at the next line or when the log closes (its pod is gone). Thread-safe.
/// </summary>
public sealed class ContainerLog
{
    private readonly Lock _gate = new();
    private readonly LogLine[] _ring;
    private int _start;
    private int _count;
    private long _written;
    private bool _closed;
    private TaskCompletionSource _changed = NewSignal();

    public ContainerLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new LogLine[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Lines kept now (at most <see cref="Capacity"/>).</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>Lines ever written, kept or overwritten.</summary>
    public long Written
    {
        get { lock (_gate) return _written; }
    }

    public bool Closed
    {
        get { lock (_gate) return _closed; }
    }

    public void Append(DateTimeOffset at, string text)
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            if (_closed)
                return;
            var line = new LogLine(++_written, at, text);
            if (_count < _ring.Length)
                _ring[(_start + _count++) % _ring.Length] = line;
            else
            {
                _ring[_start] = line;
                _start = (_start + 1) % _ring.Length;
            }
            fired = _changed;
            _changed = NewSignal();
        }
        fired.TrySetResult();
    }

    /// <summary>
    /// The kept lines after <paramref name="afterSequence"/> (0: all), oldest first; whether the log is closed; and a
    /// task that completes at the next change. Taken together, so a follower never misses a line between reading and waiting.
    /// </summary>
    public (IReadOnlyList<LogLine> Lines, bool Closed, Task Changed) Read(long afterSequence)
    {
        lock (_gate)
        {
            var lines = new List<LogLine>();
            for (var i = 0; i < _count; i++)
            {
                var line = _ring[(_start + i) % _ring.Length];
                if (line.Sequence > afterSequence)
                    lines.Add(line);
            }
            return (lines, _closed, _changed.Task);
        }
    }

    /// <summary>Ends the log (its pod is gone): followers finish once they have read what is left.</summary>
    public void Close()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            if (_closed)
                return;
            _closed = true;
            fired = _changed;
        }
        fired.TrySetResult();
    }

    // Continuations run asynchronously, so a writer never runs a follower's HTTP write on its own thread.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
