using ElasticScaler.LoadTest.Engine;

namespace ElasticScaler.LoadTest.Tests.Engine;

public sealed class ThresholdTests
{
    private static ScenarioStats Stats(double p95 = 120, double p999 = 1500, long ok = 990, long fail = 10, double seconds = 1) => new()
    {
        ScenarioName = "s",
        Duration = TimeSpan.FromSeconds(seconds),
        AllRequestCount = ok + fail,
        Ok = new RequestCounts(ok, ok / seconds, 100.0 * ok / (ok + fail)),
        Fail = new RequestCounts(fail, fail / seconds, 100.0 * fail / (ok + fail)),
        Latency = LatencyStats.Empty with { P50 = 20, P95 = p95, P99 = 400, P999 = p999, MaxMs = 2500 },
        StatusCodes = new Dictionary<string, long>(),
        Errors = new Dictionary<string, long> { ["timeout"] = fail },
        Dropped = 3,
        Bytes = 0,
        CpuMicrosPerRequest = 0,
        CpuPercent = 0,
        PeakConcurrency = 0,
        Steps = [],
    };

    [Theory]
    [InlineData("p95 < 500ms", true, "120ms")]
    [InlineData("p95 < 100", false, "120ms")]
    [InlineData("p(95) <= 0.12s", true, "120ms")]
    [InlineData("p99.9 < 2s", true, "1500ms")]
    [InlineData("p99.9 < 1s", false, "1500ms")]
    [InlineData("max < 2500ms", false, "2500ms")]
    [InlineData("success_rate >= 99%", true, "99%")]
    [InlineData("success_rate >= 0.995", false, "99%")]
    [InlineData("error_rate < 1%", false, "1%")]
    [InlineData("error_rate <= 1%", true, "1%")]
    [InlineData("rps >= 800", true, "1000")]
    [InlineData("rps >= 1200", false, "1000")]
    [InlineData("dropped == 3", true, "3")]
    [InlineData("timeout < 5", false, "10")]
    [InlineData("  requests>=1000  ", true, "1000")]
    public void Expressions_read_the_stats_in_the_units_people_write(string expression, bool passes, string actual)
    {
        var result = Threshold.Parse(expression).Evaluate(Stats());

        Assert.Equal(passes, result.Passed);
        Assert.Equal(actual, result.Actual);
        Assert.Equal(expression.Trim(), result.Threshold);
    }

    [Theory]
    [InlineData("p95 < ", "not of the form METRIC OP VALUE")]
    [InlineData("latency < 5ms", "unknown metric 'latency'")]
    [InlineData("success_rate >= 99", "99 is above 1 without '%'")]
    [InlineData("success_rate >= 99ms", "a rate takes '%' or a fraction")]
    [InlineData("p95 < 5%", "'%' is not a time unit")]
    [InlineData("rps >= 800ms", "'rps' is a plain number and takes no unit 'ms'")]
    [InlineData("p(0) < 5", "a percentile must be in (0, 100]")]
    public void Bad_expressions_name_the_problem_and_the_fix(string expression, string message)
    {
        var ex = Assert.Throws<LoadConfigException>(() => Threshold.Parse(expression));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains("fix", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_percentile_that_is_not_kept_fails_with_a_reason_instead_of_passing()
    {
        var result = Threshold.Parse("p(42) < 5s").Evaluate(Stats());

        Assert.False(result.Passed);
        Assert.Contains("percentile 42 is not kept", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_thresholds_work_as_in_NBomber()
    {
        var threshold = Threshold.Create(s => s.Fail.Percent < 5, name: "fail % < 5");

        Assert.True(threshold.Evaluate(Stats()).Passed);
        Assert.False(threshold.Evaluate(Stats(ok: 90, fail: 10)).Passed);
    }

    [Fact]
    public void Every_named_metric_parses()
    {
        foreach (var name in ThresholdExpression.MetricNames)
        {
            var unit = name is "success_rate" or "error_rate" ? "%" : "";
            Assert.NotNull(Threshold.Parse($"{name} >= 0{unit}"));
        }
    }
}
