using System.Globalization;
using System.Text.RegularExpressions;

namespace ElasticScaler.LoadTest.Engine;

/// <summary>What a threshold reads from the statistics, and the unit it is written in.</summary>
internal sealed record ThresholdMetric(string Name, MetricUnit Unit, Func<ScenarioStats, double> Read)
{
    public string Format(double value) => Unit switch
    {
        MetricUnit.Milliseconds => value.ToString("0.###", CultureInfo.InvariantCulture) + "ms",
        MetricUnit.Fraction => (value * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

internal enum MetricUnit
{
    Milliseconds,
    Fraction,
    Number,
}

/// <summary>
/// <c>METRIC OP VALUE[UNIT]</c>: latency metrics (p50 … p99.9, p(N), min, mean, max) take ms/s/us (ms when bare),
/// rates (success_rate, error_rate) take % or a fraction ≤ 1, counts (rps, requests, errors, dropped, and each
/// error kind such as timeout or http_5xx) take plain numbers.
/// </summary>
internal sealed partial record ThresholdExpression(string Text, ThresholdMetric Metric, string Op, double Value)
{
    private static readonly Dictionary<string, ThresholdMetric> Named = BuildMetrics();

    public static IEnumerable<string> MetricNames => Named.Keys;

    public bool Holds(double actual) => Op switch
    {
        "<" => actual < Value,
        "<=" => actual <= Value,
        ">" => actual > Value,
        ">=" => actual >= Value,
        "==" => Math.Abs(actual - Value) < 1e-9,
        "!=" => Math.Abs(actual - Value) >= 1e-9,
        _ => false,
    };

    public static ThresholdExpression Parse(string text)
    {
        var match = Grammar().Match(text ?? "");
        if (!match.Success)
        {
            throw new LoadConfigException(
                $"threshold '{text}': not of the form METRIC OP VALUE; fix: write e.g. 'p95 < 500ms', 'success_rate >= 99%', 'rps >= 800' " +
                "(operators <, <=, >, >=, ==, !=)");
        }

        var name = match.Groups["metric"].Value.ToLowerInvariant();
        var metric = MetricFor(name)
            ?? throw new LoadConfigException($"threshold '{text}': unknown metric '{name}'; fix: use one of {string.Join(", ", Named.Keys)}, or p(N) for any percentile");
        var number = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var value = metric.Unit switch
        {
            MetricUnit.Milliseconds => unit switch
            {
                "" or "ms" => number,
                "s" => number * 1000,
                "us" or "µs" => number / 1000,
                "m" or "min" => number * 60_000,
                _ => throw new LoadConfigException($"threshold '{text}': '{unit}' is not a time unit; fix: write ms, s or us, e.g. '{name} < 500ms'"),
            },
            MetricUnit.Fraction => unit switch
            {
                "%" => number / 100,
                "" when number <= 1 => number,
                "" => throw new LoadConfigException($"threshold '{text}': {number} is above 1 without '%'; fix: write {number}% or {number / 100} "),
                _ => throw new LoadConfigException($"threshold '{text}': a rate takes '%' or a fraction; fix: write e.g. '{name} >= 99%'"),
            },
            _ => unit == ""
                ? number
                : throw new LoadConfigException($"threshold '{text}': '{name}' is a plain number and takes no unit '{unit}'; fix: write e.g. '{name} >= {number}'"),
        };
        return new ThresholdExpression(text!.Trim(), metric, match.Groups["op"].Value, value);
    }

    private static ThresholdMetric? MetricFor(string name)
    {
        if (Named.TryGetValue(name, out var metric))
        {
            return metric;
        }

        // p(95), p(99.9) and p99.99: any percentile. The kept ones come from the summary, others are unavailable.
        var p = Percentile().Match(name);
        if (!p.Success)
        {
            return null;
        }

        var percentile = double.Parse(p.Groups["p"].Value, CultureInfo.InvariantCulture);
        if (percentile is <= 0 or > 100)
        {
            throw new LoadConfigException($"threshold metric '{name}': a percentile must be in (0, 100]; fix: e.g. p(99.9)");
        }

        return new ThresholdMetric(name, MetricUnit.Milliseconds, s => s.Latency.Percentile(percentile)
            ?? throw new LoadConfigException($"percentile {percentile} is not kept; use p50, p75, p90, p95, p99, p99.9 or max"));
    }

    private static Dictionary<string, ThresholdMetric> BuildMetrics()
    {
        var list = new List<ThresholdMetric>
        {
            new("p50", MetricUnit.Milliseconds, s => s.Latency.P50),
            new("p75", MetricUnit.Milliseconds, s => s.Latency.P75),
            new("p90", MetricUnit.Milliseconds, s => s.Latency.P90),
            new("p95", MetricUnit.Milliseconds, s => s.Latency.P95),
            new("p99", MetricUnit.Milliseconds, s => s.Latency.P99),
            new("p99.9", MetricUnit.Milliseconds, s => s.Latency.P999),
            new("min", MetricUnit.Milliseconds, s => s.Latency.MinMs),
            new("mean", MetricUnit.Milliseconds, s => s.Latency.MeanMs),
            new("avg", MetricUnit.Milliseconds, s => s.Latency.MeanMs),
            new("max", MetricUnit.Milliseconds, s => s.Latency.MaxMs),
            new("success_rate", MetricUnit.Fraction, s => s.SuccessRate),
            new("error_rate", MetricUnit.Fraction, s => s.ErrorRate),
            new("rps", MetricUnit.Number, s => s.Rps),
            new("requests", MetricUnit.Number, s => s.AllRequestCount),
            new("errors", MetricUnit.Number, s => s.Fail.Count),
            new("dropped", MetricUnit.Number, s => s.Dropped),
        };
        foreach (var kind in ErrorKinds.Errors)
        {
            var kindName = ErrorKinds.Name(kind);
            list.Add(new ThresholdMetric(kindName, MetricUnit.Number, s => s.Errors.GetValueOrDefault(kindName)));
        }

        return list.ToDictionary(m => m.Name, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\s*(?<metric>[A-Za-z_][A-Za-z0-9_]*|p\(?\d+(\.\d+)?\)?|p\d+(\.\d+)?)\s*(?<op><=|>=|==|!=|<|>)\s*(?<value>\d+(\.\d+)?)\s*(?<unit>ms|us|µs|min|s|m|%)?\s*$")]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^p\(?(?<p>\d+(\.\d+)?)\)?$")]
    private static partial Regex Percentile();
}
