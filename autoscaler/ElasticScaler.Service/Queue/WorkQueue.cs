using System.Threading.Channels;
using ElasticScaler.Service.Timing;

namespace ElasticScaler.Service.Queue;

/// <summary>
/// client-go's rate-limited work queue, keyed by scaler: a key added while queued is queued once; a key added
/// while a worker holds it is queued again only after <see cref="Done"/>, so one key never syncs on two workers
/// at once; <see cref="AddAfter"/> requeues at a time (the next sync period, the next schedule transition, the
/// earliest wins); <see cref="AddRateLimited"/> retries with exponential backoff per key until <see cref="Forget"/>.
/// All timing on the service's TimeProvider.
/// </summary>
public sealed class WorkQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private readonly Lock _gate = new();
    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    // When each queued key became ready (its due time, for a scheduled one): a worker's take says how long it waited.
    private readonly Dictionary<string, DateTimeOffset> _readyAt = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _waiting = new();
    private readonly Channel<bool> _signal = Channel.CreateUnbounded<bool>();
    private readonly ITimer _timer;
    private DateTimeOffset? _timerAt;
    private bool _shutDown;

    /// <param name="time">The clock every delay is measured on.</param>
    /// <param name="baseDelay">First retry delay (default 1 s); doubles per failure.</param>
    /// <param name="maxDelay">Longest retry delay (default 5 min).</param>
    public WorkQueue(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _time = time;
        _baseDelay = baseDelay ?? TimeSpan.FromSeconds(1);
        _maxDelay = maxDelay ?? TimeSpan.FromMinutes(5);
        _timer = time.CreateTimer(_ => PromoteDue(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys waiting for a worker (not counting those held or scheduled for later).</summary>
    public int Depth
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>Keys a worker holds now.</summary>
    public int Processing
    {
        get { lock (_gate) return _processing.Count; }
    }

    /// <summary>
    /// Called as a worker takes a key, with how long it waited since it was ready (for a scheduled key, since it was
    /// due): client-go's workqueue queue duration. Long waits mean too few workers, or a starved process.
    /// </summary>
    public Action<TimeSpan>? Waited { get; set; }

    public void Add(string key) => Add(key, _time.GetUtcNow());

    private void Add(string key, DateTimeOffset readyAt)
    {
        lock (_gate)
        {
            if (_shutDown || !_dirty.Add(key)) return;
            _readyAt[key] = readyAt;
            if (_processing.Contains(key)) return; // re-queued by Done
            _queue.Enqueue(key);
        }
        _signal.Writer.TryWrite(true);
    }

    /// <summary>Adds the key after <paramref name="delay"/>; an earlier pending time for the key wins.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        var at = _time.GetUtcNow() + delay;
        lock (_gate)
        {
            if (_shutDown) return;
            if (_due.TryGetValue(key, out var existing) && existing <= at) return;
            _due[key] = at;
            _waiting.Enqueue(key, at);
            ArmLocked();
        }
    }

    /// <summary>Retries the key after its backoff: base x 2^(failures-1), capped.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        int failures;
        lock (_gate) _failures[key] = failures = _failures.GetValueOrDefault(key) + 1;
        var delay = TimeProviderDelays.Backoff(failures, _baseDelay, _maxDelay);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>The key succeeded: its backoff starts over.</summary>
    public void Forget(string key)
    {
        lock (_gate) _failures.Remove(key);
    }

    /// <summary>The next key to sync, held until <see cref="Done"/>; null once the queue is shut down.</summary>
    public async ValueTask<string?> TakeAsync(CancellationToken ct)
    {
        while (true)
        {
            string? taken = null;
            TimeSpan? wait = null;
            lock (_gate)
            {
                if (_shutDown) return null;
                if (_queue.TryDequeue(out var key))
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                    if (_readyAt.Remove(key, out var readyAt)) wait = _time.GetUtcNow() - readyAt;
                    taken = key;
                }
            }
            if (taken is not null)
            {
                if (wait is { } w) Waited?.Invoke(w < TimeSpan.Zero ? TimeSpan.Zero : w);
                return taken;
            }
            try
            {
                await _signal.Reader.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }
    }

    public void Done(string key)
    {
        bool requeued = false;
        lock (_gate)
        {
            if (_processing.Remove(key) && _dirty.Contains(key))
            {
                _queue.Enqueue(key);
                requeued = true;
            }
        }
        if (requeued) _signal.Writer.TryWrite(true);
    }

    public void ShutDown()
    {
        lock (_gate) _shutDown = true;
        _signal.Writer.TryComplete();
    }

    private void PromoteDue()
    {
        var ready = new List<(string Key, DateTimeOffset Due)>();
        lock (_gate)
        {
            _timerAt = null;
            var now = _time.GetUtcNow();
            while (_waiting.TryPeek(out var key, out var at) && at <= now)
            {
                _waiting.Dequeue();
                // A stale entry: the key was rescheduled earlier (and already promoted) or later.
                if (_due.TryGetValue(key, out var due) && due == at)
                {
                    _due.Remove(key);
                    ready.Add((key, due));
                }
            }
            ArmLocked();
        }
        foreach (var (key, due) in ready) Add(key, due);
    }

    private void ArmLocked()
    {
        while (_waiting.TryPeek(out var key, out var at) && (!_due.TryGetValue(key, out var due) || due != at)) _waiting.Dequeue();
        if (!_waiting.TryPeek(out _, out var next))
        {
            _timerAt = null;
            return;
        }
        if (_timerAt is { } armed && armed <= next) return;
        _timerAt = next;
        var delay = next - _time.GetUtcNow();
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }
}
