using ElasticScaler.LoadTest.Engine;

namespace ElasticScaler.LoadTest;

/// <summary>
/// A pass/fail criterion on a scenario's statistics. Either code (<see cref="Create"/>, as NBomber) or an expression
/// people know from k6 (<see cref="Parse"/>: <c>p95 &lt; 500ms</c>, <c>success_rate &gt;= 99%</c>, <c>rps &gt;= 800</c>).
/// </summary>
public sealed class Threshold
{
    private readonly Func<ScenarioStats, (bool Passed, string Actual)> _check;

    private Threshold(string name, Func<ScenarioStats, (bool, string)> check, bool abortOnFail, TimeSpan startCheckAfter)
    {
        Name = name;
        _check = check;
        AbortOnFail = abortOnFail;
        StartCheckAfter = startCheckAfter;
    }

    /// <summary>The expression or the name given to <see cref="Create"/>.</summary>
    public string Name { get; }

    /// <summary>When true the run is checked every second and stops as soon as this fails (after <see cref="StartCheckAfter"/>).</summary>
    public bool AbortOnFail { get; }

    /// <summary>Grace period before an abort-on-fail check counts, so the ramp-up does not abort the run.</summary>
    public TimeSpan StartCheckAfter { get; }

    /// <summary>A threshold from code, as NBomber's <c>Threshold.Create(stats => …)</c>.</summary>
    /// <example><code>Threshold.Create(s => s.Fail.Request.Percent &lt; 1, name: "fail % &lt; 1")</code></example>
    public static Threshold Create(Func<ScenarioStats, bool> check, string? name = null, bool abortOnFail = false, TimeSpan? startCheckAfter = null)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new Threshold(name ?? "custom check", s => (check(s), ""), abortOnFail, startCheckAfter ?? TimeSpan.Zero);
    }

    /// <summary>A threshold from an expression; see docs/loadtest.md for the grammar. Throws <see cref="LoadConfigException"/> naming the fix.</summary>
    /// <example><code>Threshold.Parse("p99.9 &lt; 2s", abortOnFail: true, startCheckAfter: TimeSpan.FromSeconds(30))</code></example>
    public static Threshold Parse(string expression, bool abortOnFail = false, TimeSpan? startCheckAfter = null)
    {
        var parsed = ThresholdExpression.Parse(expression);
        return new Threshold(parsed.Text, s =>
        {
            var actual = parsed.Metric.Read(s);
            return (parsed.Holds(actual), parsed.Metric.Format(actual));
        }, abortOnFail, startCheckAfter ?? TimeSpan.Zero);
    }

    /// <summary>Evaluates the threshold on <paramref name="stats"/>.</summary>
    public ThresholdResult Evaluate(ScenarioStats stats)
    {
        try
        {
            var (passed, actual) = _check(stats);
            return new ThresholdResult(stats.ScenarioName, Name, passed, actual, passed ? "passed" : $"failed: {Name} (actual {actual})");
        }
        catch (Exception ex)
        {
            return new ThresholdResult(stats.ScenarioName, Name, false, "", $"failed: the check threw {ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>The verdict of one threshold on one scenario.</summary>
public sealed record ThresholdResult(string Scenario, string Threshold, bool Passed, string Actual, string Message)
{
    /// <summary>With agents, when the result is partial: which agents the verdict covers; null when it covers them all.</summary>
    public string? Covers { get; init; }
}
