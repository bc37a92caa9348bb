namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// The choices a conversion needs that the source objects do not carry.
/// </summary>
public sealed record ImportSettings
{
    /// <summary>ACK's CronHPA controller runs with TZ=Asia/Shanghai (its deploy.yaml); CronHPA has one zone for every job.</summary>
    public const string DefaultCronHpaTimeZone = "Asia/Shanghai";

    /// <summary>The CronHPA controller's process time zone, in which every job's schedule is read.</summary>
    public string CronHpaTimeZone { get; init; } = DefaultCronHpaTimeZone;

    /// <summary>True when the zone came from --cronhpa-time-zone rather than the default (the comment says which).</summary>
    public bool CronHpaTimeZoneGiven { get; init; }

    /// <summary>How long a window lasts when no later job lowers the size it raised to; default 1h.</summary>
    public string UnpairedWindowDuration { get; init; } = "1h";

    /// <summary>The import's time: runOnce jobs open their one window at their next fire after it.</summary>
    public required DateTimeOffset Now { get; init; }
}
