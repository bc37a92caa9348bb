namespace ElasticScaler.Sim.Api;

/// <summary>
/// One API request the sim answered: who asked, the verb as RBAC names it (get, list, watch, create, update, patch,
/// delete, deletecollection), the resource and the status code it got. User is empty when no token was accepted (401).
/// </summary>
public sealed record AuditRecord(DateTimeOffset At, string User, string Verb, string Group, string Resource, string? Subresource,
    string? Namespace, string? Name, int Code);

/// <summary>
/// The request audit for tests: a bounded ring of <see cref="AuditRecord"/>s, oldest overwritten first, so a test can
/// prove what a client did (only watches in steady state, no 403, writes only on change) without a log file. Records
/// resource requests that reached the HTTP front (not discovery, OpenAPI, /version or /sim/ admin calls, and not the
/// in-process <see cref="Semantics.ResourceService"/> calls of the sim's own controllers). Thread-safe.
/// </summary>
public sealed class AuditLog
{
    private readonly AuditRecord[] _ring;
    private readonly Lock _gate = new();
    private int _next;
    private int _count;
    private long _dropped;

    public AuditLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new AuditRecord[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Records overwritten because the ring was full since the last <see cref="Clear"/>: a test that sees more than 0 saw only the tail.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
                return _dropped;
        }
    }

    public void Add(AuditRecord record)
    {
        lock (_gate)
        {
            _ring[_next] = record;
            _next = (_next + 1) % _ring.Length;
            if (_count < _ring.Length)
                _count++;
            else
                _dropped++;
        }
    }

    /// <summary>The records kept, oldest first; only those of <paramref name="user"/> when given (exact name).</summary>
    public IReadOnlyList<AuditRecord> Snapshot(string? user = null)
    {
        lock (_gate)
        {
            var start = (_next - _count + _ring.Length) % _ring.Length;
            var all = new List<AuditRecord>(user is null ? _count : 0);
            for (var i = 0; i < _count; i++)
            {
                var r = _ring[(start + i) % _ring.Length];
                if (user is null || r.User == user)
                    all.Add(r);
            }
            return all;
        }
    }

    /// <summary>
    /// The records kept (only <paramref name="user"/>'s when given) and the dropped count, and forgets them all, in one
    /// step: a client that polls with this sees every request exactly once, where a Snapshot then a Clear would lose
    /// those that arrive between the two.
    /// </summary>
    public (IReadOnlyList<AuditRecord> Records, long Dropped) Drain(string? user = null)
    {
        lock (_gate)
        {
            var records = Snapshot(user);
            var dropped = _dropped;
            Clear();
            return (records, dropped);
        }
    }

    /// <summary>Forgets every record (and the dropped count); returns how many were kept.</summary>
    public int Clear()
    {
        lock (_gate)
        {
            var n = _count;
            Array.Clear(_ring);
            (_next, _count, _dropped) = (0, 0, 0);
            return n;
        }
    }
}
