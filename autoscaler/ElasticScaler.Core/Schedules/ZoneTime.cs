namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Wall-clock arithmetic in an IANA zone, with the DST rules Quartz follows, so one-off dates and
/// excluded days agree with what the cron side does.
/// </summary>
internal static class ZoneTime
{
    /// <summary>Resolves an IANA id ("Asia/Shanghai"); null or empty means UTC.</summary>
    public static bool TryResolve(string? id, out TimeZoneInfo zone, out string? error)
    {
        error = null;
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return true;
        if (id is "UTC" or "Etc/UTC") return true;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = "unknown IANA time zone (examples: \"Asia/Shanghai\", \"America/New_York\", \"UTC\")";
            return false;
        }
    }

    /// <summary>
    /// The instant of a local wall-clock time. A time inside a spring-forward gap maps to the end of the
    /// gap (02:30 on 2026-03-08 in New York becomes 03:00 EDT), as Quartz fires it; a time that occurs
    /// twice at fall-back maps to its first (daylight-time) occurrence, as Quartz fires a daily cron.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes in every zone in the tz database; step to the first valid minute.
            var probe = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            for (int i = 0; i < 24 * 60 && zone.IsInvalidTime(probe); i++) probe = probe.AddMinutes(1);
            local = probe;
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var max = offsets[0];
            for (int i = 1; i < offsets.Length; i++) if (offsets[i] > max) max = offsets[i];
            return new DateTimeOffset(local, max);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The local calendar day an instant falls on in <paramref name="zone"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The first instant of a local day (local midnight, or the end of a gap that swallows it).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone) =>
        ToInstant(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>
    /// True when the instant is the second occurrence of a repeated wall-clock time (the standard-time pass
    /// of a fall-back hour). Quartz answers such times for some queries and not for others, so we drop them:
    /// every local time opens a window at most once.
    /// </summary>
    public static bool IsSecondPass(DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (!zone.SupportsDaylightSavingTime) return false;
        var inZone = TimeZoneInfo.ConvertTime(instant, zone);
        if (!zone.IsAmbiguousTime(inZone.DateTime)) return false;
        var offsets = zone.GetAmbiguousTimeOffsets(inZone.DateTime);
        var max = offsets[0];
        for (int i = 1; i < offsets.Length; i++) if (offsets[i] > max) max = offsets[i];
        return inZone.Offset != max;
    }
}
