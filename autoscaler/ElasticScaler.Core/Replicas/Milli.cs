using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Replicas;

/// <summary>Quantity to milli-units as HPA computes (rounded up), saturating instead of throwing on huge values.</summary>
internal static class Milli
{
    private const decimal MaxMilliAsValue = long.MaxValue / 1000m;
    private const decimal MinMilliAsValue = long.MinValue / 1000m;

    public static long Of(Quantity q)
    {
        // Fast path: quantities parsed from "500m", "2" or built with FromMilli have at most 3 decimal places
        // and a small mantissa, so the milli value is exact integer arithmetic on the decimal's bits (decimal
        // multiply and ceiling cost ~30 ns, four times per pod).
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(q.Value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] == 0 && scale <= 3)
        {
            var mantissa = (ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32);
            var factor = scale switch { 0 => 1000UL, 1 => 100UL, 2 => 10UL, _ => 1UL };
            if (mantissa <= long.MaxValue / factor)
            {
                var milli = (long)(mantissa * factor);
                return bits[3] < 0 ? -milli : milli;
            }
        }
        // Quantity.MilliValue would overflow (and throw) past ±9.2e15 units; upstream saturates its int64
        // arithmetic at MaxInt64 in the same places, so clamping keeps the replay total.
        if (q.Value >= MaxMilliAsValue) return long.MaxValue;
        if (q.Value <= MinMilliAsValue) return long.MinValue;
        return q.MilliValue;
    }

    /// <summary>Go's <c>int32(math.Ceil(x))</c> made total: saturates at int.MaxValue, NaN and negatives give 0.</summary>
    public static int CeilToReplicas(double x)
    {
        if (double.IsNaN(x)) return 0;
        var c = Math.Ceiling(x);
        if (c >= int.MaxValue) return int.MaxValue;
        if (c <= 0) return (int)Math.Max(c, int.MinValue);
        return (int)c;
    }

    /// <summary>An exact 128-bit total narrowed to int64, saturating (the totals never exceed it in practice).</summary>
    public static long Narrow(Int128 v) => v > long.MaxValue ? long.MaxValue : v < long.MinValue ? long.MinValue : (long)v;
}
