using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticScaler.LoadTest.Config;

/// <summary>Durations as people write them: <c>500ms</c>, <c>2s</c>, <c>1m30s</c>, <c>1h</c>, <c>00:01:00</c>, or bare seconds.</summary>
internal static partial class DurationText
{
    public static TimeSpan Parse(string? text, string field)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            throw Bad(text, field);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return Check(TimeSpan.FromSeconds(bare), text, field);
        }

        if (value.Contains(':') && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var clock))
        {
            return Check(clock, text, field);
        }

        var parts = Part().Matches(value);
        if (parts.Count == 0 || string.Concat(parts.Select(m => m.Value)) != value)
        {
            throw Bad(text, field);
        }

        var total = TimeSpan.Zero;
        foreach (Match m in parts)
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["u"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" or "min" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => throw Bad(text, field),
            };
        }

        return Check(total, text, field);
    }

    public static string Format(TimeSpan t) =>
        t.TotalMilliseconds < 1000 ? $"{t.TotalMilliseconds:0.###}ms"
        : t.TotalSeconds < 120 ? $"{t.TotalSeconds:0.###}s"
        : $"{t.TotalMinutes:0.###}m";

    private static TimeSpan Check(TimeSpan t, string? text, string field) =>
        t < TimeSpan.Zero ? throw new LoadConfigException($"{field}: '{text}' is negative; fix: give a positive duration such as 30s") : t;

    private static LoadConfigException Bad(string? text, string field) =>
        new($"{field}: '{text}' is not a duration; fix: write e.g. 500ms, 30s, 1m30s, 2h or 00:01:00");

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)(?<u>ms|min|s|m|h)")]
    private static partial Regex Part();
}
