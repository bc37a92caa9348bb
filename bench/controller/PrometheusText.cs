using System.Globalization;

namespace ElasticScaler.Bench.Controller;

/// <summary>A histogram of a scrape of the service's /metrics (the reconcile duration's, or another's): cumulative buckets and count.</summary>
public sealed record ReconcileHistogram(IReadOnlyList<(double UpperBound, double Count)> Buckets, double Count)
{
    public const string Name = "elasticscaler_reconcile_duration_seconds";
    public const string QueueWaitName = "elasticscaler_queue_wait_seconds";

    /// <summary>Reads the histogram <paramref name="name"/> from Prometheus text (all label sets summed; the service exports one).</summary>
    public static ReconcileHistogram Parse(string text, string name = Name)
    {
        var buckets = new SortedDictionary<double, double>();
        double count = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.ToString();
            if (line.StartsWith('#')) continue;
            if (line.StartsWith(name + "_bucket", StringComparison.Ordinal))
            {
                var le = line.IndexOf("le=\"", StringComparison.Ordinal) + 4;
                var bound = line[le..line.IndexOf('"', le)];
                var upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
                buckets[upper] = buckets.GetValueOrDefault(upper) + Value(line);
            }
            else if (line.StartsWith(name + "_count", StringComparison.Ordinal))
                count += Value(line);
        }
        return new ReconcileHistogram([.. buckets.Select(b => (b.Key, b.Value))], count);
    }

    /// <summary>The reconciles between an earlier scrape and this one, bucket by bucket.</summary>
    public ReconcileHistogram Since(ReconcileHistogram earlier)
    {
        var before = earlier.Buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        return new ReconcileHistogram([.. Buckets.Select(b => (b.UpperBound, b.Count - before.GetValueOrDefault(b.UpperBound)))], Count - earlier.Count);
    }

    /// <summary>
    /// The q-quantile in seconds as Prometheus' histogram_quantile computes it: linear within the bucket it falls in
    /// (the lowest bucket from 0); a quantile in the +Inf bucket is the highest finite bound. NaN without reconciles.
    /// </summary>
    public double Quantile(double q)
    {
        if (Count <= 0 || Buckets.Count == 0) return double.NaN;
        var rank = q * Count;
        double lower = 0, below = 0;
        foreach (var (upper, cumulative) in Buckets)
        {
            if (cumulative >= rank)
            {
                if (double.IsPositiveInfinity(upper)) return lower;
                var inBucket = cumulative - below;
                return inBucket <= 0 ? upper : lower + (upper - lower) * ((rank - below) / inBucket);
            }
            (lower, below) = (upper, cumulative);
        }
        return lower;
    }

    /// <summary>The upper bound of the highest bucket anything fell in: the most it can have been (NaN when empty).</summary>
    public double MaxBound()
    {
        double below = 0, max = double.NaN;
        foreach (var (upper, cumulative) in Buckets)
        {
            if (cumulative > below) max = upper;
            below = cumulative;
        }
        return max;
    }

    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
