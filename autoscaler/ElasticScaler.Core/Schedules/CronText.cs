namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Turns the cron dialects users write into Quartz expressions (seconds first, <c>?</c> in one day field,
/// day-of-week 1-7 with Sunday = 1):
/// <list type="bullet">
/// <item>7 fields: Quartz with a year; passed through.</item>
/// <item>6 fields with <c>?</c> in a day field, or <c>L</c>, <c>W</c>, <c>#</c>: Quartz; passed through.</item>
/// <item>6 fields otherwise: cronhpa / robfig (seconds first, day-of-week 0-6 with Sunday = 0, 7 also Sunday).</item>
/// <item>5 fields: crontab (minute first, day-of-week as robfig); seconds become "0".</item>
/// <item>Macros <c>@yearly @annually @monthly @weekly @daily @midnight @hourly</c>.</item>
/// </list>
/// In the crontab and robfig dialects a day-of-week number is rewritten as a list of names (0 → SUN), so
/// the two numberings can never be confused. When both day fields are restricted, crontab and robfig fire
/// when EITHER matches; Quartz cannot say that in one expression, so we return two and fire on their union.
/// </summary>
internal static class CronText
{
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Quartz expressions equivalent to <paramref name="text"/> (one, or two for a day OR), or an error.</summary>
    public static bool TryToQuartz(string text, out string[] quartz, out string? error)
    {
        quartz = [];
        error = null;
        var trimmed = text.Trim();
        if (trimmed.StartsWith('@')) return TryMacro(trimmed, out quartz, out error);

        var f = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        switch (f.Length)
        {
            case 7:
                quartz = [string.Join(' ', f)];
                return true;
            case 6 when IsQuartzDialect(f[3], f[5]):
                quartz = [string.Join(' ', f)];
                return true;
            case 6:
                return TryFromUnixDays(f[0], f[1], f[2], f[3], f[4], f[5], out quartz, out error);
            case 5:
                return TryFromUnixDays("0", f[0], f[1], f[2], f[3], f[4], out quartz, out error);
            default:
                error = $"expected 5 fields (crontab: minute hour day-of-month month day-of-week), 6 (seconds first, " +
                        $"as cronhpa and Quartz) or 7 (Quartz with a year), found {f.Length}";
                return false;
        }
    }

    private static bool TryMacro(string text, out string[] quartz, out string? error)
    {
        error = null;
        string? q = text.ToLowerInvariant() switch
        {
            "@yearly" or "@annually" => "0 0 0 1 1 ?",
            "@monthly" => "0 0 0 1 * ?",
            "@weekly" => "0 0 0 ? * SUN",
            "@daily" or "@midnight" => "0 0 0 * * ?",
            "@hourly" => "0 0 * * * ?",
            _ => null,
        };
        quartz = q is null ? [] : [q];
        if (q is not null) return true;
        error = text.StartsWith("@every", StringComparison.OrdinalIgnoreCase)
            ? "@every counts from when a process started, so a window could not be derived from the clock; write a cron such as \"0 */5 * * * ?\""
            : "unknown macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or \"@date 2026-11-11 00:00:00\"";
        return false;
    }

    /// <summary>Quartz needs '?' in one day field and alone knows L, W and #; robfig and crontab never need them.</summary>
    private static bool IsQuartzDialect(string dom, string dow) =>
        dom.Contains('?') || dow.Contains('?') ||
        dom.Contains('L', StringComparison.OrdinalIgnoreCase) || dom.Contains('W', StringComparison.OrdinalIgnoreCase) ||
        dow.Contains('L', StringComparison.OrdinalIgnoreCase) || dow.Contains('#');

    private static bool TryFromUnixDays(string sec, string min, string hour, string dom, string month, string dow,
        out string[] quartz, out string? error)
    {
        quartz = [];
        bool domAll = dom is "*" or "?";
        bool dowAll = dow is "*" or "?";
        string prefix = $"{sec} {min} {hour}";
        if (domAll && dowAll)
        {
            quartz = [$"{prefix} * {month} ?"];
            error = null;
            return true;
        }
        if (dowAll)
        {
            quartz = [$"{prefix} {dom} {month} ?"];
            error = null;
            return true;
        }
        if (!TryDayNames(dow, out var names, out error)) return false;
        if (domAll)
        {
            quartz = [$"{prefix} ? {month} {names}"];
            return true;
        }
        if (dom.StartsWith('*') || dow.StartsWith('*'))
        {
            // robfig: a day field that starts with '*' (such as */2) makes the two fields AND instead of OR.
            error = $"day-of-month \"{dom}\" and day-of-week \"{dow}\" must then both match, which Quartz cannot express; " +
                    "write one of them as *";
            return false;
        }
        quartz = [$"{prefix} {dom} {month} ?", $"{prefix} ? {month} {names}"];
        return true;
    }

    /// <summary>Expands a crontab/robfig day-of-week field (0-7, SUN-SAT, lists, ranges, steps) to Quartz names.</summary>
    private static bool TryDayNames(string field, out string names, out string? error)
    {
        names = "";
        error = null;
        Span<bool> days = stackalloc bool[7];
        foreach (var item in field.Split(','))
        {
            var slash = item.IndexOf('/');
            var range = slash < 0 ? item : item[..slash];
            int step = 1;
            if (slash >= 0 && (!int.TryParse(item.AsSpan(slash + 1), out step) || step < 1))
            {
                error = $"day-of-week step in \"{item}\" must be a positive number";
                return false;
            }
            int lo, hi;
            if (range is "*" or "?")
            {
                lo = 0;
                hi = 6;
            }
            else
            {
                var dash = range.IndexOf('-');
                if (!TryDay(dash < 0 ? range : range[..dash], out lo, out error)) return false;
                if (dash >= 0)
                {
                    // 7 stays 7 here (Sunday after Saturday), so 1-7 is Monday to Sunday.
                    if (!TryDay(range[(dash + 1)..], out hi, out error)) return false;
                }
                else
                {
                    hi = slash >= 0 ? 6 : lo;
                }
                if (hi < lo)
                {
                    error = $"day-of-week range \"{range}\" runs backwards; write it as two ranges, such as 5-6,0-1";
                    return false;
                }
            }
            for (int d = lo; d <= hi; d += step) days[d % 7] = true;
        }
        var list = new List<string>(7);
        for (int d = 0; d < 7; d++) if (days[d]) list.Add(DayNames[d]);
        names = string.Join(',', list);
        return true;
    }

    private static bool TryDay(string text, out int day, out string? error)
    {
        error = null;
        if (int.TryParse(text, out day))
        {
            if (day is >= 0 and <= 7) return true;
            error = $"day-of-week \"{text}\" is outside 0-7 (crontab numbering: 0 and 7 are Sunday)";
            return false;
        }
        for (int d = 0; d < 7; d++)
        {
            if (string.Equals(text, DayNames[d], StringComparison.OrdinalIgnoreCase))
            {
                day = d;
                return true;
            }
        }
        error = $"day-of-week \"{text}\" is neither 0-7 nor a name SUN-SAT";
        return false;
    }

    /// <summary>Quartz's message in our style: lowercase start, no final period.</summary>
    public static string Tidy(string message)
    {
        var m = message.Trim().TrimEnd('.');
        return m.Length > 0 && char.IsUpper(m[0]) && !(m.Length > 1 && char.IsUpper(m[1]))
            ? char.ToLowerInvariant(m[0]) + m[1..]
            : m;
    }
}
