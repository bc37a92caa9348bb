namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// Latencies of answered requests counted in whole milliseconds (rounded up), so percentiles are exact to 1 ms and
/// memory stays fixed however long the trace: the load model's timeout bounds every latency (a longer one lands in
/// the last bucket).
/// </summary>
public sealed class LatencyHistogram(TimeSpan longest)
{
    private readonly long[] _counts = new long[(int)Math.Ceiling(longest.TotalMilliseconds) + 2];

    public long Count { get; private set; }

    public void Record(TimeSpan latency)
    {
        long ms = (long)Math.Ceiling(Math.Max(0, latency.TotalMilliseconds));
        _counts[(int)Math.Min(ms, _counts.Length - 1)]++;
        Count++;
    }

    /// <summary>The smallest latency (ms) at or below which at least <paramref name="quantile"/> of the requests fall; 0 when empty.</summary>
    public double Percentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (Count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (int ms = 0; ms < _counts.Length; ms++)
        {
            seen += _counts[ms];
            if (seen >= rank) return ms;
        }
        return _counts.Length - 1;
    }
}
