using System.Globalization;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>One nodeSelectorTerm: its matchExpressions and matchFields are ANDed; an empty term matches no node.</summary>
public sealed record NodeSelectorTerm(IReadOnlyList<(string Key, string Op, IReadOnlyList<string> Values)> Expressions,
    IReadOnlyList<(string Key, string Op, IReadOnlyList<string> Values)> Fields)
{
    public bool Matches(string nodeName, IReadOnlyDictionary<string, string> labels)
    {
        if (Expressions.Count == 0 && Fields.Count == 0)
            return false;
        return Expressions.All(e => Match(e.Op, labels.TryGetValue(e.Key, out var v) ? v : null, e.Values))
            && Fields.All(f => f.Key == "metadata.name" && Match(f.Op, nodeName, f.Values));
    }

    private static bool Match(string op, string? value, IReadOnlyList<string> values) => op switch
    {
        "In" => value is not null && values.Contains(value),
        "NotIn" => value is null || !values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => Compare(value, values) is > 0,
        "Lt" => Compare(value, values) is < 0,
        _ => false,
    };

    private static int? Compare(string? value, IReadOnlyList<string> values) =>
        value is not null && values.Count == 1
        && long.TryParse(value, CultureInfo.InvariantCulture, out var a) && long.TryParse(values[0], CultureInfo.InvariantCulture, out var b)
            ? a.CompareTo(b)
            : null;

    public static NodeSelectorTerm From(JsonObject term)
    {
        static IReadOnlyList<(string, string, IReadOnlyList<string>)> Read(JsonNode? list) =>
            (list as JsonArray)?.OfType<JsonObject>().Select(e => ((string?)e["key"] ?? "", (string?)e["operator"] ?? "",
                (IReadOnlyList<string>)((e["values"] as JsonArray)?.Select(v => (string?)v ?? "").ToList() ?? []))).ToList() ?? [];
        return new NodeSelectorTerm(Read(term["matchExpressions"]), Read(term["matchFields"]));
    }
}
