using System.Globalization;
using System.Xml;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Window durations as people write them: Go/Kubernetes style ("2h30m", "90m", "45s", "1d12h") or
/// ISO-8601 ("PT2H30M"). Must be positive.
/// </summary>
internal static class DurationText
{
    public const string Examples = "expected a duration such as \"2h30m\", \"90m\", \"45s\", \"1d\" or \"PT2H30M\"";

    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        duration = TimeSpan.Zero;
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = Examples;
            return false;
        }
        if (s[0] is 'P' or 'p')
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(s.ToUpperInvariant());
            }
            catch (FormatException)
            {
                error = Examples;
                return false;
            }
        }
        else if (!TryParseUnits(s, out duration))
        {
            error = Examples;
            return false;
        }
        if (duration <= TimeSpan.Zero)
        {
            error = "must be longer than zero";
            return false;
        }
        return true;
    }

    private static bool TryParseUnits(string s, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        int i = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || i == s.Length) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
                return false;
            double seconds;
            switch (s[i])
            {
                case 'd': seconds = 86_400; break;
                case 'h': seconds = 3_600; break;
                case 'm': seconds = 60; break;
                case 's': seconds = 1; break;
                default: return false;
            }
            i++;
            duration += TimeSpan.FromSeconds(n * seconds);
        }
        return true;
    }
}
