namespace ElasticScaler.Service.Controller;

/// <summary>
/// When scalers sync: every scaler of a namespace on the same slots, one sync period apart, each namespace at its
/// own phase (a hash of its name), so the cluster's syncs spread over the period while a namespace's scalers sync
/// together. They then share one PodMetrics read per slot (<see cref="PodMetricsReader"/>), and a metric change is
/// still read at the first slot after it, within one period. Sharing a read by age alone would not keep that: a
/// scaler synced at its own time could act on a read made half a period before, a period and a half after the change.
/// Counting the next slot from the one a sync belongs to, not from when a worker took it, keeps queue waits from
/// adding up from one period to the next.
/// </summary>
public sealed class SyncSlots
{
    private readonly long _period;

    public SyncSlots(TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _period = period.Ticks;
    }

    public TimeSpan Period => TimeSpan.FromTicks(_period);

    /// <summary>The namespace's phase in the period: the same in every process (FNV-1a of the name), so a new leader keeps it.</summary>
    public TimeSpan Phase(string ns)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in ns)
        {
            hash ^= c;
            hash *= 1099511628211;
        }
        return TimeSpan.FromTicks((long)(hash % (ulong)_period));
    }

    /// <summary>The namespace's latest slot at or before <paramref name="at"/>: the slot a sync at that time belongs to.</summary>
    public DateTimeOffset Current(string ns, DateTimeOffset at)
    {
        long sincePhase = at.UtcTicks - Phase(ns).Ticks;
        long slot = sincePhase - Mod(sincePhase, _period) + Phase(ns).Ticks;
        return new DateTimeOffset(slot, TimeSpan.Zero);
    }

    /// <summary>
    /// When a scaler synced at <paramref name="syncedAt"/> syncs next: the slot one period after the one the sync
    /// belongs to, so at most one period later (sooner for a sync off its slots, such as a scaler's first).
    /// </summary>
    public DateTimeOffset Next(string ns, DateTimeOffset syncedAt) => Current(ns, syncedAt) + Period;

    private static long Mod(long value, long modulus) => ((value % modulus) + modulus) % modulus;
}
