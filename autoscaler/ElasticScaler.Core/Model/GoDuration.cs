using System.Globalization;

namespace ElasticScaler.Core.Model;

/// <summary>
/// Durations as Kubernetes and Go write them: "15s", "1m30s", "2h30m", "100ms", "1.5h". A bare number is seconds.
/// </summary>
public static class GoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            if (bareSeconds < 0 || double.IsNaN(bareSeconds) || double.IsInfinity(bareSeconds)) return false;
            duration = TimeSpan.FromSeconds(bareSeconds);
            return true;
        }
        double totalMs = 0;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            int unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]) || (i < s.Length && s[i] == 'µ')) i++;
            double unitMs = s[unitStart..i] switch
            {
                "h" => 3_600_000,
                "m" => 60_000,
                "s" => 1_000,
                "ms" => 1,
                "us" or "µs" => 0.001,
                "ns" => 0.000001,
                _ => double.NaN,
            };
            if (double.IsNaN(unitMs)) return false;
            totalMs += number * unitMs;
        }
        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Go's style: "1h2m3s", "45s", "1.5s", "0s".</summary>
    public static string Format(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "0s";
        var parts = new System.Text.StringBuilder();
        if (d < TimeSpan.Zero) { parts.Append('-'); d = d.Negate(); }
        if (d.TotalHours >= 1) parts.Append((long)d.TotalHours).Append('h');
        if (d.TotalMinutes >= 1) parts.Append(d.Minutes).Append('m');
        var seconds = d.Seconds + d.Milliseconds / 1000.0;
        if (seconds > 0 || parts.Length == 0 || parts[^1] == '-')
            parts.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        return parts.ToString();
    }
}
