namespace ElasticScaler.Sim.FastMode;

/// <summary>One point of a traffic trace: from <paramref name="At"/> on, requests arrive at <paramref name="Rps"/> per second.</summary>
public readonly record struct TracePoint(TimeSpan At, double Rps);

/// <summary>
/// Requests per second over time. Between points the rate is interpolated linearly (a ramp), unless
/// <see cref="Steps"/>: then each point's rate holds until the next (PTS's tiered increment). The trace ends at its last point.
/// </summary>
public sealed record Trace(IReadOnlyList<TracePoint> Points, bool Steps = false)
{
    public TimeSpan Duration => Points.Count == 0 ? TimeSpan.Zero : Points[^1].At;

    public double RateAt(TimeSpan t)
    {
        if (Points.Count == 0 || t < Points[0].At) return 0;
        for (int i = Points.Count - 1; i >= 0; i--)
        {
            if (t < Points[i].At) continue;
            if (Steps || i == Points.Count - 1) return Points[i].Rps;
            var (a, b) = (Points[i], Points[i + 1]);
            double f = (t - a.At).TotalSeconds / (b.At - a.At).TotalSeconds;
            return a.Rps + (b.Rps - a.Rps) * f;
        }
        return 0;
    }
}
