using ElasticScaler.Core.Schedules;
using static ElasticScaler.Core.Tests.Schedules.ScheduleTestKit;

namespace ElasticScaler.Core.Tests.Schedules;

public sealed class CronTextTests
{
    public sealed record Case(string Name, string Cron, string[] Quartz)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Translations =>
    [
        new("quartz 6 fields with ? pass through", "0 30 23 10 11 ?", ["0 30 23 10 11 ?"]),
        new("quartz 7 fields with a year pass through", "0 0 12 ? * MON 2027", ["0 0 12 ? * MON 2027"]),
        new("quartz L, W and # pass through", "0 0 12 LW * ?", ["0 0 12 LW * ?"]),
        new("quartz day-of-week numbers stay quartz (1 = sunday)", "0 0 12 ? * 1", ["0 0 12 ? * 1"]),
        new("crontab 5 fields get seconds 0", "30 2 * * *", ["0 30 2 * * ?"]),
        new("crontab sunday 0 becomes SUN", "0 9 * * 0", ["0 0 9 ? * SUN"]),
        new("crontab sunday 7 becomes SUN", "0 9 * * 7", ["0 0 9 ? * SUN"]),
        new("crontab 1-5 is monday to friday", "0 9 * * 1-5", ["0 0 9 ? * MON,TUE,WED,THU,FRI"]),
        new("crontab 5-7 is friday to sunday", "0 9 * * 5-7", ["0 0 9 ? * SUN,FRI,SAT"]),
        new("crontab stepped weekdays expand", "0 9 * * */2", ["0 0 9 ? * SUN,TUE,THU,SAT"]),
        new("crontab names are kept", "0 9 * * sat,sun", ["0 0 9 ? * SUN,SAT"]),
        new("crontab day-of-month only", "0 0 1 * *", ["0 0 0 1 * ?"]),
        new("crontab both day fields restricted fire on either", "0 0 1 * 1", ["0 0 0 1 * ?", "0 0 0 ? * MON"]),
        new("robfig 6 fields star in both day fields", "0 */1 * * * *", ["0 */1 * * * ?"]),
        new("robfig 6 fields day-of-week 1 is monday", "0 0 12 * * 1", ["0 0 12 ? * MON"]),
        new("robfig cronhpa exclusion every friday", "* * * * * 5", ["* * * ? * FRI"]),
        new("robfig cronhpa exclusion 15 november", "* * * 15 11 *", ["* * * 15 11 ?"]),
        new("@yearly", "@yearly", ["0 0 0 1 1 ?"]),
        new("@annually", "@annually", ["0 0 0 1 1 ?"]),
        new("@monthly", "@monthly", ["0 0 0 1 * ?"]),
        new("@weekly", "@weekly", ["0 0 0 ? * SUN"]),
        new("@daily", "@daily", ["0 0 0 * * ?"]),
        new("@midnight", "@midnight", ["0 0 0 * * ?"]),
        new("@hourly", "@HOURLY", ["0 0 * * * ?"]),
    ];

    [Theory]
    [MemberData(nameof(Translations))]
    public void Translates_each_dialect_to_quartz(Case c)
    {
        Assert.True(CronText.TryToQuartz(c.Cron, out var quartz, out var error), error);
        Assert.Equal(c.Quartz, quartz);
    }

    [Theory]
    [InlineData("0 9 * * 8", "day-of-week \"8\" is outside 0-7")]
    [InlineData("0 9 * * 5-1", "runs backwards")]
    [InlineData("0 9 * * FUN", "neither 0-7 nor a name")]
    [InlineData("0 0 15 * */2", "must then both match")]
    [InlineData("@every 5m", "@every counts from when a process started")]
    [InlineData("@fortnightly", "unknown macro")]
    [InlineData("1 2 3 4", "expected 5 fields")]
    public void Rejects_what_it_cannot_translate_with_a_reason(string cron, string why)
    {
        Assert.False(CronText.TryToQuartz(cron, out _, out var error));
        Assert.Contains(why, error);
    }

    [Theory]
    // 2026-11-29 is a Sunday, 2026-11-30 a Monday.
    [InlineData("0 9 * * 0", "2026-11-29T09:00:00Z")]          // crontab: 0 = Sunday
    [InlineData("0 0 9 * * 0", "2026-11-29T09:00:00Z")]        // robfig: 0 = Sunday
    [InlineData("0 0 9 ? * 1", "2026-11-29T09:00:00Z")]        // quartz: 1 = Sunday
    [InlineData("0 9 * * 1", "2026-11-30T09:00:00Z")]          // crontab: 1 = Monday
    [InlineData("0 0 9 * * 1", "2026-11-30T09:00:00Z")]        // robfig: 1 = Monday
    [InlineData("0 0 9 ? * 2", "2026-11-30T09:00:00Z")]        // quartz: 2 = Monday
    public void Day_of_week_numbering_follows_each_dialect(string cron, string firstFire)
    {
        var times = ScheduleTimeText.Parse(cron, TimeZoneInfo.Utc, out var error);
        Assert.NotNull(times);
        Assert.Null(error);
        // 2026-11-28 is a Saturday.
        Assert.Equal(Utc(firstFire), times.Next(Utc("2026-11-28T12:00:00Z")));
    }

    [Fact]
    public void Both_day_fields_restricted_fire_on_the_union_as_crontab_does()
    {
        // "at midnight on the 1st and on every Monday": 2026-12-01 is a Tuesday.
        var times = ScheduleTimeText.Parse("0 0 1 * 1", TimeZoneInfo.Utc, out _)!;
        var t = Utc("2026-11-25T00:00:00Z");
        var fires = new List<DateTimeOffset>();
        for (int i = 0; i < 4; i++) fires.Add((t = times.Next(t)!.Value));
        Assert.Equal([Utc("2026-11-30T00:00:00Z"), Utc("2026-12-01T00:00:00Z"), Utc("2026-12-07T00:00:00Z"), Utc("2026-12-14T00:00:00Z")], fires);
    }

    [Fact]
    public void Quartz_errors_are_tidied_to_our_style()
    {
        Assert.Null(ScheduleTimeText.Parse("0 30 25 * * ?", TimeZoneInfo.Utc, out var error));
        Assert.Equal("hour values must be between 0 and 23", error);
    }
}
