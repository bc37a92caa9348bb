using System.Globalization;
using System.Xml;

namespace ElasticScaler.Core.Model;

/// <summary>
/// The one duration grammar of the spec and snapshots: Go/Kubernetes style ("15s", "1m30s", "2h30m", "100ms",
/// "1.5h", plus "d" for days, "1d12h") or ISO-8601 ("PT2H30M"). As Go's time.ParseDuration, a bare number
/// other than "0" has no unit and is refused.
/// </summary>
public static class GoDuration
{
    public const string Examples = "a duration such as \"6s\", \"5m\", \"2h30m\", \"1d\" or \"PT2H30M\"";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s == "0") return true;
        if (s[0] is 'P' or 'p') return TryParseIso(s, out duration);

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
            while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == 'µ')) i++;
            double unitMs = s[unitStart..i] switch
            {
                "d" => 86_400_000,
                "h" => 3_600_000,
                "m" => 60_000,
                "s" => 1_000,
                "ms" => 1,
                "us" or "µs" => 0.001,
                "ns" => 0.000001,
                _ => double.NaN, // no unit, or an unknown one
            };
            if (double.IsNaN(unitMs)) return false;
            totalMs += number * unitMs;
        }
        if (totalMs > TimeSpan.MaxValue.TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    private static bool TryParseIso(string s, out TimeSpan duration)
    {
        try
        {
            duration = XmlConvert.ToTimeSpan(s.ToUpperInvariant());
            return duration >= TimeSpan.Zero;
        }
        catch (FormatException)
        {
            duration = TimeSpan.Zero;
            return false;
        }
    }
}
