namespace ElasticScaler.Sim.Cluster.Eci;

/// <summary>
/// ECI's CreateContainerGroup limit (1,000 calls per minute by default) as a sliding one-minute window: a pod the
/// virtual node cannot create now waits Pending and is retried once the window has room.
/// </summary>
public sealed class EciQuota(int perMinute)
{
    public const string Reason = "ProviderCreateFailed";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly Lock _gate = new();

    public int PerMinute { get; } = perMinute > 0 ? perMinute : throw new ArgumentOutOfRangeException(nameof(perMinute), perMinute, "the ECI creation quota must be at least 1 per minute");

    /// <summary>The message an over-quota pod shows (as the virtual kubelet reports ECI's Throttling.User error).</summary>
    public string Message => $"CreateContainerGroup failed: Throttling.User: Request was denied due to user flow control (ECI creation quota {PerMinute} pods/minute).";

    /// <summary>Takes one creation if the last minute had fewer than the quota.</summary>
    public bool TryAcquire(DateTimeOffset now)
    {
        lock (_gate)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= Window)
                _recent.Dequeue();
            if (_recent.Count >= PerMinute)
                return false;
            _recent.Enqueue(now);
            return true;
        }
    }
}
