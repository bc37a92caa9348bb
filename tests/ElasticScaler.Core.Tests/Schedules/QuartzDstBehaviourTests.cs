using Quartz;
using static ElasticScaler.Core.Tests.Schedules.ScheduleTestKit;

namespace ElasticScaler.Core.Tests.Schedules;

/// <summary>
/// What Quartz 4.7.3 itself does at DST changes, pinned so an upgrade that changes it fails here first.
/// Our engine keeps the gap rule and drops the second pass of a repeated hour (see ZoneTime.IsSecondPass).
/// </summary>
public sealed class QuartzDstBehaviourTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset[] Walk(string cron, string fromUtc, int count)
    {
        var c = new CronExpression(cron).WithTimeZone(NewYork);
        var t = Utc(fromUtc);
        var fires = new DateTimeOffset[count];
        for (int i = 0; i < count; i++) fires[i] = t = c.GetNextValidTimeAfter(t)!.Value;
        return fires;
    }

    [Fact]
    public void A_time_in_the_spring_forward_gap_fires_once_at_the_end_of_the_gap()
    {
        // 02:30 does not exist on 2026-03-08: fired at 03:00 EDT (07:00Z).
        Assert.Equal([Utc("2026-03-08T07:00:00Z"), Utc("2026-03-09T06:30:00Z")], Walk("0 30 2 * * ?", "2026-03-07T12:00:00Z", 2));
        // Every 20 minutes: 02:00, 02:20, 02:40 collapse into one fire at 03:00 EDT.
        Assert.Equal([Utc("2026-03-08T06:40:00Z"), Utc("2026-03-08T07:00:00Z"), Utc("2026-03-08T07:20:00Z")],
            Walk("0 0/20 * * * ?", "2026-03-08T06:30:00Z", 3));
    }

    [Fact]
    public void A_daily_time_in_the_repeated_fall_back_hour_fires_once_when_walked_forward()
    {
        Assert.Equal([Utc("2026-11-01T05:30:00Z"), Utc("2026-11-02T06:30:00Z")], Walk("0 30 1 * * ?", "2026-10-31T12:00:00Z", 2));
    }

    [Fact]
    public void But_asked_from_inside_the_repeated_hour_quartz_offers_the_second_pass()
    {
        var c = new CronExpression("0 30 1 * * ?").WithTimeZone(NewYork);
        Assert.Equal(Utc("2026-11-01T06:30:00Z"), c.GetNextValidTimeAfter(Utc("2026-11-01T06:00:00Z")));
    }
}
