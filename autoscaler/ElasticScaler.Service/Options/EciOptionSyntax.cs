using System.Text;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Service.Options;

/// <summary>
/// The one-line grammar of the ECI defaults, the same in a flag, an environment variable and appsettings.json, so a
/// Deployment can set them as plain env values (a label key such as <c>alibabacloud.com/eci</c> cannot be part of an
/// environment variable's name): labels and node selectors as <c>key=value,key=value</c>, as kubectl label writes
/// them; tolerations as <c>key[=value][:Effect]</c>, as kubectl taint writes the taint they tolerate (without
/// <c>=value</c> the operator is Exists, with it Equal). An empty value means none.
/// </summary>
public static class EciOptionSyntax
{
    public const string MapExample = "type=virtual-kubelet";
    public const string TolerationExample = "virtual-kubelet.io/provider:NoSchedule";
    public static readonly IReadOnlyList<string> Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>"k=v,k2=v2" to a map; each malformed entry is one error naming <paramref name="flag"/>.</summary>
    public static IReadOnlyDictionary<string, string> ParseMap(string text, string flag, List<string> errors)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Entries(text))
        {
            int eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"{flag}: \"{entry}\": each entry must be key=value, comma-separated, such as {MapExample}");
                continue;
            }
            var key = entry[..eq].Trim();
            if (!map.TryAdd(key, entry[(eq + 1)..].Trim()))
                errors.Add($"{flag}: \"{key}\": the key appears twice; give each key once");
        }
        return map;
    }

    /// <summary>"key[=value][:Effect],..." to tolerations; each malformed entry is one error naming <paramref name="flag"/>.</summary>
    public static IReadOnlyList<Toleration> ParseTolerations(string text, string flag, List<string> errors)
    {
        var list = new List<Toleration>();
        foreach (var entry in Entries(text))
        {
            var parts = entry.Split(':');
            if (parts.Length > 2)
            {
                errors.Add($"{flag}: \"{entry}\": each entry must be key[=value][:Effect], comma-separated, such as {TolerationExample}");
                continue;
            }
            var effect = parts.Length == 2 ? parts[1].Trim() : null;
            int eq = parts[0].IndexOf('=', StringComparison.Ordinal);
            list.Add(eq < 0
                ? new Toleration { Key = parts[0].Trim(), Operator = "Exists", Effect = effect }
                : new Toleration { Key = parts[0][..eq].Trim(), Operator = "Equal", Value = parts[0][(eq + 1)..].Trim(), Effect = effect });
        }
        return list;
    }

    /// <summary>Problems with a map's keys and values as label syntax, each naming <paramref name="flag"/>.</summary>
    public static void CheckMap(IReadOnlyDictionary<string, string> map, string flag, List<string> errors)
    {
        foreach (var (key, value) in map)
        {
            if (!LabelSyntax.IsKey(key)) errors.Add($"{flag}: key \"{key}\": {LabelSyntax.KeyProblems(key)}");
            if (!LabelSyntax.IsValue(value)) errors.Add($"{flag}: value \"{value}\" of {key}: {LabelSyntax.ValueProblems(value)}");
        }
    }

    /// <summary>The API server's toleration rules (validateTolerations), each naming <paramref name="flag"/>.</summary>
    public static void CheckTolerations(IReadOnlyList<Toleration> tolerations, string flag, List<string> errors)
    {
        foreach (var t in tolerations)
        {
            var shown = Format(t);
            if (t.Key is { Length: > 0 } key && !LabelSyntax.IsKey(key)) errors.Add($"{flag}: \"{shown}\": key: {LabelSyntax.KeyProblems(key)}");
            if (t.Key is not { Length: > 0 } && t.Operator != "Exists")
                errors.Add($"{flag}: \"{shown}\": a toleration without a key must be Exists (write :Effect, no =value)");
            if (t.Operator is not ("Exists" or "Equal"))
                errors.Add($"{flag}: \"{shown}\": operator \"{t.Operator}\": must be Exists or Equal");
            if (t.Operator == "Exists" && t.Value is { Length: > 0 })
                errors.Add($"{flag}: \"{shown}\": an Exists toleration takes no value");
            if (t.Value is { Length: > 0 } value && !LabelSyntax.IsValue(value))
                errors.Add($"{flag}: \"{shown}\": value: {LabelSyntax.ValueProblems(value)}");
            if (t.Effect is { Length: > 0 } effect && !Effects.Contains(effect))
                errors.Add($"{flag}: \"{shown}\": effect \"{effect}\": must be one of {string.Join(", ", Effects)}, or none for all");
        }
    }

    public static string Format(IReadOnlyDictionary<string, string> map) =>
        string.Join(',', map.Select(kv => kv.Key + "=" + kv.Value));

    public static string Format(IReadOnlyList<Toleration> tolerations) => string.Join(',', tolerations.Select(Format));

    public static string Format(Toleration t)
    {
        var b = new StringBuilder(t.Key ?? "");
        if (t.Operator != "Exists") b.Append('=').Append(t.Value ?? "");
        if (t.Effect is { Length: > 0 } effect) b.Append(':').Append(effect);
        return b.ToString();
    }

    private static IEnumerable<string> Entries(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
