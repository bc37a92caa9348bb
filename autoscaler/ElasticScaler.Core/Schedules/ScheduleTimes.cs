namespace ElasticScaler.Core.Schedules;

/// <summary>
/// When one window <c>start</c> or <c>end</c> text fires, read exactly as a schedule reads it (every form
/// <see cref="ScheduleTimeText"/> accepts) in one IANA zone. For tools that reason about schedules outside a
/// decision, such as the importer ordering CronHPA jobs by time, so they never parse cron a second way.
/// </summary>
public sealed class ScheduleTimes
{
    private readonly FireTimes _fires;

    private ScheduleTimes(FireTimes fires, TimeZoneInfo zone)
    {
        _fires = fires;
        Zone = zone;
    }

    /// <summary>The zone the text is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>True for a one-off date-time, which fires once.</summary>
    public bool IsOneOff => _fires.IsOneOff;

    /// <summary>Parses <paramref name="text"/> in <paramref name="timeZone"/> (null: UTC); null and an error "why" when unreadable.</summary>
    public static ScheduleTimes? TryParse(string text, string? timeZone, out string? error)
    {
        if (!ZoneTime.TryResolve(timeZone, out var zone, out error)) return null;
        var fires = ScheduleTimeText.Parse(text, zone, out error);
        return fires is null ? null : new ScheduleTimes(fires, zone);
    }

    /// <summary>True when <paramref name="timeZone"/> is an IANA zone the engine resolves; else the error says why.</summary>
    public static bool IsKnownZone(string? timeZone, out string? error) => ZoneTime.TryResolve(timeZone, out _, out error);

    /// <summary>The first fire strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _fires.Next(after);
}
