namespace ElasticScaler.Bench.Controller;

/// <summary>The service's requests as the sim's audit records them, drained every few seconds so the ring never overflows.</summary>
public sealed class AuditCollector(SimApi api, string user)
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _scaleWrites = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _first = true;

    public long Dropped { get; private set; }

    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
                return [.. _entries];
        }
    }

    /// <summary>Everything since the last drain; the first drain (set-up and warm-up) is discarded.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var (entries, dropped) = await api.DrainAuditAsync(user, ct);
        lock (_gate)
        {
            if (_first)
            {
                _first = false;
                return;
            }
            Dropped += dropped;
            _entries.AddRange(entries);
            foreach (var e in entries.Where(IsTargetScaleWrite))
            {
                if (!_scaleWrites.TryGetValue(e.Namespace!, out var at)) _scaleWrites[e.Namespace!] = at = [];
                at.Add(e.At);
            }
        }
    }

    public async Task RunAsync(TimeSpan every, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(every, ct);
            await DrainAsync(ct);
        }
    }

    /// <summary>The first /scale write of the scaler's target in <paramref name="ns"/> at or after <paramref name="since"/>.</summary>
    public DateTimeOffset? FirstScaleWrite(string ns, DateTimeOffset since)
    {
        lock (_gate)
            return _scaleWrites.TryGetValue(ns, out var at) && at.Where(t => t >= since).DefaultIfEmpty(DateTimeOffset.MaxValue).Min() is var first && first != DateTimeOffset.MaxValue ? first : null;
    }

    public static bool IsTargetScaleWrite(AuditEntry e) =>
        e is { Group: "apps", Resource: "deployments", Subresource: "scale", Name: Workloads.Name, Verb: "update" or "patch" } && e.Code < 300;
}
