namespace ElasticScaler.Core.Spec;

/// <summary>
/// A window that raises the floor (and may raise the ceiling) while in force: the CronHPA part.
/// <see cref="Start"/> is a Quartz cron (seconds first), a 5- or 6-field crontab/robfig cron, an
/// <c>@daily</c>-style macro, or an ISO-8601 local date-time for a one-off window. The window ends at
/// <see cref="End"/> (same forms) or after <see cref="Duration"/> ("2h30m").
/// </summary>
public sealed record ScheduleSpec
{
    public required string Name { get; init; }
    public required string Start { get; init; }
    public string? End { get; init; }
    public string? Duration { get; init; }
    /// <summary>IANA zone, e.g. Asia/Shanghai; defaults to spec.timeZone, then UTC.</summary>
    public string? TimeZone { get; init; }
    public int? MinReplicas { get; init; }
    public int? MaxReplicas { get; init; }
    /// <summary>The window comes into force this many seconds before its start, so pods are ready on time.</summary>
    public int? PrewarmSeconds { get; init; }
}
