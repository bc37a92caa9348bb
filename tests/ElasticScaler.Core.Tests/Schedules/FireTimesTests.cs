using CsCheck;
using ElasticScaler.Core.Schedules;
using static ElasticScaler.Core.Tests.Schedules.ScheduleTestKit;

namespace ElasticScaler.Core.Tests.Schedules;

public sealed class FireTimesTests
{
    private static readonly string[] Crons =
        ["0 */7 * * * ?", "0 0 9 ? * MON-FRI", "0 15 10 L * ?", "30 0 */5 * * ?", "0 0 0 29 2 ?", "0 0 12 ? * 6#3", "@hourly", "0 9 * * 0"];

    private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Shanghai"];

    [Fact]
    public void Latest_agrees_with_walking_forward_from_the_lower_bound()
    {
        var start = Utc("2026-01-01T00:00:00Z");
        Gen.Select(Gen.Int[0, Crons.Length - 1], Gen.Int[0, Zones.Length - 1], Gen.Long[0, 3L * 365 * 86400], Gen.Int[1, 40 * 86400])
            .Sample((c, z, at, back) =>
            {
                var zone = Zones[z] == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(Zones[z]);
                var times = ScheduleTimeText.Parse(Crons[c], zone, out _)!;
                var t = start.AddSeconds(at).AddMilliseconds(at % 1000);
                var notBefore = t.AddSeconds(-back);
                DateTimeOffset? expected = null;
                for (var f = times.Next(notBefore.AddSeconds(-1)); f is { } v && v <= t; f = times.Next(v)) if (v >= notBefore) expected = v;
                Assert.Equal(expected, times.Latest(t, notBefore));
            }, iter: 300);
    }

    [Fact]
    public void Latest_includes_a_fire_exactly_at_the_upper_bound()
    {
        var times = ScheduleTimeText.Parse("0 0 9 * * ?", TimeZoneInfo.Utc, out _)!;
        Assert.Equal(Utc("2026-11-25T09:00:00Z"), times.Latest(Utc("2026-11-25T09:00:00Z"), Utc("2026-11-20T00:00:00Z")));
        Assert.Null(times.Latest(Utc("2026-11-25T08:59:59Z"), Utc("2026-11-25T00:00:00Z")));
    }
}
