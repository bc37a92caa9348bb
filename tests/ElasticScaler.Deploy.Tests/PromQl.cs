using System.Text.RegularExpressions;

namespace ElasticScaler.Deploy.Tests;

/// <summary>The metric names a PromQL expression (or a Grafana label_values query) reads.</summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan",
    };

    public static IReadOnlyCollection<string> MetricNames(string expression)
    {
        // label_values(metric{...}, label): only the selector names a metric.
        var text = LabelValues().Replace(expression, "$1");
        text = Strings().Replace(text, "");       // label values and regexes
        text = Braces().Replace(text, "");        // label matchers
        text = Brackets().Replace(text, "");      // ranges and subqueries
        text = Grouping().Replace(text, "");      // by (...), without (...), on (...), ignoring (...), group_left (...)
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(text))
        {
            var rest = text[(m.Index + m.Length)..].TrimStart();
            if (rest.StartsWith('(') || Words.Contains(m.Value) || m.Value.StartsWith('$')) continue; // functions, keywords, variables
            names.Add(m.Value);
        }
        return names;
    }

    /// <summary>Family names from a /metrics text exposition's TYPE lines, histogram and summary series included.</summary>
    public static HashSet<string> Exported(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in TypeLine().Matches(exposition))
        {
            var (name, type) = (m.Groups[1].Value, m.Groups[2].Value);
            names.Add(name);
            if (type is "histogram") names.UnionWith([name + "_bucket", name + "_sum", name + "_count"]);
            if (type is "summary") names.UnionWith([name + "_sum", name + "_count"]);
        }
        return names;
    }

    /// <summary>Names with at least one sample line (not just a TYPE line) in the exposition.</summary>
    public static HashSet<string> Sampled(string exposition) =>
        [.. SampleLine().Matches(exposition).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"label_values\(\s*([^,]+?)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$?[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?m)^# TYPE (\S+) (\S+)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"(?m)^([A-Za-z_:][A-Za-z0-9_:]*)(?:\{[^}]*\})? \S+")]
    private static partial Regex SampleLine();
}
