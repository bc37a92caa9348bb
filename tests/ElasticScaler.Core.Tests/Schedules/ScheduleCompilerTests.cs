using ElasticScaler.Core.Schedules;
using static ElasticScaler.Core.Tests.Schedules.ScheduleTestKit;

namespace ElasticScaler.Core.Tests.Schedules;

public sealed class ScheduleCompilerTests
{
    [Fact]
    public void Validate_reports_every_problem_at_once_as_path_value_why()
    {
        var errors = ScheduleCompiler.Validate(
        [
            Window("ok", "0 0 9 * * ?", duration: "1h", min: 1),
            Window("bad-hour", "0 30 25 * * ?", duration: "1h", min: 1),
            Window("ok", "0 0 9 * * ?", end: "0 0 10 * * ?", duration: "1h", min: 1, zone: "Mars/Olympus"),
            Window("no-close", "0 0 9 * * ?", min: 5, max: 2, prewarm: -1),
            Window("bad-duration", "2026-11-11T00:00:00", duration: "2x", max: 0),
            Window("backwards", "2026-11-11T00:00:00", end: "2026-11-10T00:00:00"),
        ], ["2026-02-30", "0 0 0 * * FUNDAY"], "Nowhere/Land");

        Assert.Equal(
        [
            "spec.timeZone: \"Nowhere/Land\": unknown IANA time zone (examples: \"Asia/Shanghai\", \"America/New_York\", \"UTC\")",
            "spec.excludeDates[0]: \"2026-02-30\": not a date; write an ISO date such as \"2026-10-01\" or a cron such as \"0 0 0 * * SAT\"",
            "spec.excludeDates[1]: \"0 0 0 * * FUNDAY\": day-of-week \"FUNDAY\" is neither 0-7 nor a name SUN-SAT",
            "spec.schedules[1].start: \"0 30 25 * * ?\": hour values must be between 0 and 23",
            "spec.schedules[2].name: \"ok\": duplicates spec.schedules[0].name",
            "spec.schedules[2].timeZone: \"Mars/Olympus\": unknown IANA time zone (examples: \"Asia/Shanghai\", \"America/New_York\", \"UTC\")",
            "spec.schedules[2].duration: \"1h\": set either end or duration, not both",
            "spec.schedules[3].end: null: set end (a cron or date-time) or duration (such as \"2h30m\"); a window needs a close",
            "spec.schedules[3].minReplicas: 5: must not exceed maxReplicas 2",
            "spec.schedules[3].prewarmSeconds: -1: must be 0 or more",
            "spec.schedules[4].duration: \"2x\": expected a duration such as \"6s\", \"5m\", \"2h30m\", \"1d\" or \"PT2H30M\"",
            "spec.schedules[4].maxReplicas: 0: must be 1 or more",
            "spec.schedules[5].end: \"2026-11-10T00:00:00\": is not after start \"2026-11-11T00:00:00\"",
            "spec.schedules[5].minReplicas: null: set minReplicas or maxReplicas; a window without either changes nothing",
        ], errors);
    }

    [Fact]
    public void Messages_start_lowercase_and_have_no_final_period()
    {
        var errors = ScheduleCompiler.Validate([Window("x", "a b c d e f", duration: "0s", min: 1)], [], null);
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            var why = e[(e.LastIndexOf("\": ", StringComparison.Ordinal) + 3)..];
            Assert.False(char.IsUpper(why[0]), e);
            Assert.False(e.EndsWith('.'), e);
        });
    }

    [Fact]
    public void Compile_throws_with_every_error_listed()
    {
        var ex = Assert.Throws<ScheduleSpecException>(() => ScheduleCompiler.Compile(
            [Window("a", "0 0 25 * * ?", duration: "1h", min: 1), Window("b", "@every 1h", duration: "1h", min: 1)], [], null));
        Assert.Equal(2, ex.Errors.Count);
    }

    [Theory]
    [InlineData("2h30m", 150 * 60)]
    [InlineData("90m", 90 * 60)]
    [InlineData("45s", 45)]
    [InlineData("1d12h", 36 * 3600)]
    [InlineData("1.5h", 90 * 60)]
    [InlineData("PT2H30M", 150 * 60)]
    public void Durations_accept_go_style_and_iso_8601(string text, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var d, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), d);
    }

    [Fact]
    public void A_valid_spec_compiles_every_form()
    {
        var compiled = ScheduleCompiler.Compile(
        [
            Window("quartz", "0 30 23 10 11 ?", end: "0 0 2 11 11 ?", min: 80, max: 300, zone: "Asia/Shanghai", prewarm: 300),
            Window("quartz-year", "0 0 0 1 1 ? 2027", duration: "1d", min: 2),
            Window("crontab", "30 8 * * 1-5", duration: "9h", min: 3),
            Window("robfig", "0 0 8 * * *", duration: "1h", min: 3),
            Window("macro", "@daily", duration: "1h", max: 50),
            Window("one-off", "2026-11-11T00:00:00", end: "2026-11-12T00:00:00+08:00", min: 100),
        ], ["2026-10-01", "0 0 0 * * SAT", "* * 25 12 *"], "Asia/Shanghai");
        Assert.Equal(6, compiled.Count);
    }
}
