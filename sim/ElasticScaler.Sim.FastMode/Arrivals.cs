using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// A trace's requests, one tick at a time: the tick's count is the rate at its middle times its length (fractions
/// carry to the next tick, so the total is exact), each at a seeded uniform random instant within the tick (Poisson
/// arrivals given their count, so queues form below 100% as they do with real clients). The answered ones' latencies
/// go into <see cref="Latencies"/>.
/// </summary>
internal sealed class Arrivals(Trace trace, TimeSpan tick, int seed, TimeSpan timeout)
{
    public LatencyHistogram Latencies { get; } = new(timeout);

    private readonly Random _random = new(seed ^ 0x5EED);
    private double _carry;
    private double[] _at = new double[1024];

    public Tally Send(ServiceLoad service, TimeSpan offset, DateTimeOffset now, Tally tally)
    {
        double expected = trace.RateAt(offset + tick / 2) * tick.TotalSeconds + _carry;
        int n = (int)Math.Floor(expected);
        _carry = expected - n;
        if (_at.Length < n) _at = new double[n * 2];
        for (int r = 0; r < n; r++) _at[r] = _random.NextDouble();
        Array.Sort(_at, 0, n);
        for (int r = 0; r < n; r++)
        {
            var admission = service.Send(now + tick * _at[r]).Admission;
            if (admission.Ok) Latencies.Record(admission.Latency);
            tally = tally.Add(admission);
        }
        return tally;
    }
}
