using System.Globalization;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// CronHPA's <c>excludeDates</c>: days on which no window opens. An entry is an ISO date ("2026-10-01") or a
/// cron in any dialect <see cref="CronText"/> accepts, matched at day granularity: a day is excluded when
/// the cron fires at any moment of that local day ("* * * 15 11 *" is 15 November, "0 0 0 * * SAT" every
/// Saturday). Days are taken in the zone of the schedule being checked.
/// </summary>
internal sealed class ExcludedDates
{
    public static readonly ExcludedDates None = new(new HashSet<DateOnly>(), [], TimeZoneInfo.Utc);

    private readonly HashSet<DateOnly> _days;
    private readonly FireTimes[] _crons;
    private readonly TimeZoneInfo _zone;

    private ExcludedDates(HashSet<DateOnly> days, FireTimes[] crons, TimeZoneInfo zone)
    {
        _days = days;
        _crons = crons;
        _zone = zone;
    }

    public bool IsEmpty => _days.Count == 0 && _crons.Length == 0;

    /// <summary>Parses every entry for one zone; <paramref name="errors"/> gets "path: value: why" per bad entry.</summary>
    public static ExcludedDates Parse(IReadOnlyList<string> entries, TimeZoneInfo zone, List<string>? errors)
    {
        if (entries.Count == 0) return None;
        var days = new HashSet<DateOnly>();
        var crons = new List<FireTimes>();
        for (int i = 0; i < entries.Count; i++)
        {
            var text = entries[i]?.Trim() ?? "";
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
                continue;
            }
            string? why;
            if (ScheduleTimeText.LooksLikeDate(text))
            {
                why = "not a date; write an ISO date such as \"2026-10-01\" or a cron such as \"0 0 0 * * SAT\"";
            }
            else
            {
                var cron = ScheduleTimeText.ParseCron(text, zone, out why);
                if (cron is not null)
                {
                    crons.Add(cron);
                    continue;
                }
            }
            errors?.Add($"spec.excludeDates[{i}]: \"{entries[i]}\": {why}");
        }
        return new ExcludedDates(days, [.. crons], zone);
    }

    /// <summary>True when the local day (in this set's zone) that <paramref name="instant"/> falls on is excluded.</summary>
    public bool IsExcluded(DateTimeOffset instant)
    {
        if (IsEmpty) return false;
        var day = ZoneTime.DayOf(instant, _zone);
        if (_days.Contains(day)) return true;
        if (_crons.Length == 0) return false;
        var dayStart = ZoneTime.StartOfDay(day, _zone);
        var nextDay = ZoneTime.StartOfDay(day.AddDays(1), _zone);
        foreach (var cron in _crons)
        {
            // Next() is strictly after, so start one second early to catch a fire at 00:00:00.
            if (cron.Next(dayStart.AddSeconds(-1)) is { } f && f < nextDay) return true;
        }
        return false;
    }

    /// <summary>The first instant of the local day <paramref name="instant"/> falls on.</summary>
    public DateTimeOffset StartOfDayOf(DateTimeOffset instant) => ZoneTime.StartOfDay(ZoneTime.DayOf(instant, _zone), _zone);

    /// <summary>The first instant of the local day after the one <paramref name="instant"/> falls on.</summary>
    public DateTimeOffset StartOfNextDayOf(DateTimeOffset instant) =>
        ZoneTime.StartOfDay(ZoneTime.DayOf(instant, _zone).AddDays(1), _zone);
}
