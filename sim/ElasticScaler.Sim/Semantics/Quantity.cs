using System.Globalization;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Parses resource.Quantity strings into millicores or bytes (for metrics set through the admin API).</summary>
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
}
