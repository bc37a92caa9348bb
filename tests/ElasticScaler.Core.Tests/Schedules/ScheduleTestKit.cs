using System.Globalization;
using ElasticScaler.Core.Schedules;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Schedules;

/// <summary>Builders that keep the schedule test rows short.</summary>
internal static class ScheduleTestKit
{
    public static DateTimeOffset Utc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>A local wall-clock time in an IANA zone (must exist and be unambiguous).</summary>
    public static DateTimeOffset Local(string iso, string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var local = DateTime.Parse(iso, CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, tz.GetUtcOffset(local));
    }

    public static ScheduleSpec Window(string name, string start, string? end = null, string? duration = null,
        int? min = null, int? max = null, string? zone = null, int? prewarm = null) =>
        new()
        {
            Name = name,
            Start = start,
            End = end,
            Duration = duration,
            MinReplicas = min,
            MaxReplicas = max,
            TimeZone = zone,
            PrewarmSeconds = prewarm,
        };

    public static ScheduleEvaluation Eval(DateTimeOffset now, string? zone, string[] excluded, params ScheduleSpec[] windows) =>
        ScheduleEvaluator.Evaluate(windows, excluded, zone, now);

    public static ScheduleEvaluation Eval(DateTimeOffset now, params ScheduleSpec[] windows) => Eval(now, null, [], windows);

    public static string[] Names(ScheduleEvaluation e) => e.Active.Select(a => a.Name).ToArray();
}
