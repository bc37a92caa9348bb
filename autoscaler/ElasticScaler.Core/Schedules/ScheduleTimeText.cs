using System.Globalization;
using Quartz;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Parses a window's <c>start</c> or <c>end</c>: a cron in any dialect <see cref="CronText"/> accepts, a
/// one-off ISO-8601 date-time ("2026-11-11T00:00:00", local to the schedule's zone; with "Z" or an offset
/// it is absolute), or cronhpa's "@date 2026-11-11 00:00:00".
/// </summary>
internal static class ScheduleTimeText
{
    private static readonly string[] LocalFormats =
        ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    private static readonly string[] OffsetFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    public static FireTimes? Parse(string? text, TimeZoneInfo zone, out string? error)
    {
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "must not be empty; write a cron such as \"0 30 23 10 11 ?\" or a date-time such as \"2026-11-11T00:00:00\"";
            return null;
        }
        if (s.StartsWith("@date", StringComparison.OrdinalIgnoreCase))
            return ParseDate(s[5..].Trim(), zone, out error);
        if (LooksLikeDate(s))
            return ParseDate(s, zone, out error);
        return ParseCron(s, zone, out error);
    }

    /// <summary>Parses a cron for the given zone; shared with excluded dates.</summary>
    public static FireTimes? ParseCron(string s, TimeZoneInfo zone, out string? error)
    {
        if (!CronText.TryToQuartz(s, out var quartz, out error)) return null;
        var crons = new CronExpression[quartz.Length];
        for (int i = 0; i < quartz.Length; i++)
        {
            try
            {
                crons[i] = new CronExpression(quartz[i]).WithTimeZone(zone);
            }
            catch (FormatException e)
            {
                error = CronText.Tidy(e.Message);
                return null;
            }
        }
        return FireTimes.Cron(crons, zone);
    }

    /// <summary>A date-time has no spaces before its time part and starts with a four-digit year.</summary>
    public static bool LooksLikeDate(string s) =>
        s.Length >= 10 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[3]) && s[4] == '-' && s[7] == '-';

    private static FireTimes? ParseDate(string s, TimeZoneInfo zone, out string? error)
    {
        error = null;
        if (DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return FireTimes.Once(ZoneTime.ToInstant(local, zone), zone);
        if (DateTimeOffset.TryParseExact(s, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return FireTimes.Once(instant, zone);
        error = "not a date-time; write \"2026-11-11T00:00:00\" (local to the schedule's time zone) or \"2026-11-11T00:00:00+08:00\"";
        return null;
    }
}
