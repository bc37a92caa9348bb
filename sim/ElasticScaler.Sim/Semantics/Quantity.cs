using System.Globalization;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Parses resource.Quantity strings into millicores or bytes (for metrics set through the admin API), and prints
/// metric values in the canonical decimal form the custom and external metrics APIs carry.
/// </summary>
public static partial class Quantity
{
    [GeneratedRegex("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Grammar();

    public static decimal Parse(string text, string field)
    {
        var m = Grammar().Match(text.Trim());
        if (!m.Success || !decimal.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            throw ApiException.BadRequest($"{field}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got \"{text}\"), e.g. 250m or 128Mi");
        var suffix = m.Groups[2].Value;
        decimal factor = suffix switch
        {
            "" => 1m, "n" => 1e-9m, "u" => 1e-6m, "m" => 1e-3m, "k" => 1e3m, "M" => 1e6m, "G" => 1e9m, "T" => 1e12m, "P" => 1e15m, "E" => 1e18m,
            "Ki" => 1024m, "Mi" => 1024m * 1024, "Gi" => 1024m * 1024 * 1024, "Ti" => 1024m * 1024 * 1024 * 1024,
            _ when suffix.Length > 1 && suffix[0] is 'e' or 'E' && int.TryParse(suffix[1..], CultureInfo.InvariantCulture, out var exp) => (decimal)Math.Pow(10, exp),
            _ => throw ApiException.BadRequest($"{field}: unable to parse quantity's suffix in \"{text}\"; use n, u, m, k, M, G, T, Ki, Mi, Gi or Ti"),
        };
        return number * factor;
    }

    public static long ParseMillis(string text, string field) => (long)Math.Ceiling(Parse(text, field) * 1000);

    public static long ParseBytes(string text, string field) => (long)Math.Ceiling(Parse(text, field));

    /// <summary>A metric value (custom or external metrics): any quantity within int64's range, as the Go type keeps it.</summary>
    public static decimal ParseMetricValue(string text, string field)
    {
        decimal value;
        try
        {
            value = Parse(text, field);
        }
        catch (OverflowException)
        {
            value = decimal.MaxValue;
        }
        if (Math.Abs(value) > long.MaxValue)
            throw ApiException.BadRequest($"{field}: \"{text}\" is out of range; a metric value must lie within ±9223372036854775807 (e.g. 42, 1500m, 12k)");
        return value;
    }

    private static readonly string[] DecimalSuffixes = ["n", "u", "m", "", "k", "M", "G", "T", "P", "E"];

    /// <summary>
    /// A value as resource.Quantity prints it in DecimalSI: whole digits and the largest suffix that keeps them whole
    /// (1.5 is "1500m", 42 is "42", 12000 is "12k", 0.5 is "500m"); precision stops at nano, and a smaller remainder
    /// rounds up, away from zero, as the Go type does.
    /// </summary>
    public static string FormatDecimal(decimal value)
    {
        if (value == 0)
            return "0";
        var nano = decimal.Ceiling(Math.Abs(value) * 1_000_000_000m);
        var i = 0;
        while (i < DecimalSuffixes.Length - 1 && nano % 1000 == 0)
        {
            nano /= 1000;
            i++;
        }
        return (value < 0 ? "-" : "") + nano.ToString("0", CultureInfo.InvariantCulture) + DecimalSuffixes[i];
    }
}
