using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>A field selector: field=value, field==value, field!=value joined by commas; only the fields a kind supports.</summary>
public sealed record FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> Terms)
{
    public static readonly FieldSelector Everything = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> fields) =>
        Terms.All(t => (fields.GetValueOrDefault(t.Field, "") == t.Value) == t.Equal);

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var p = raw.Trim();
            var (i, len, eq) = p.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : p.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : p.IndexOf('=') is var e and > 0 ? (e, 1, true)
                : throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{p}'");
            var field = p[..i].Trim();
            if (!Supported(field, type))
                throw ApiException.BadRequest($"field label not supported: {field}");
            terms.Add((field, eq, p[(i + len)..].Trim()));
        }
        return new FieldSelector(terms);
    }

    private static bool Supported(string field, ResourceType type) =>
        field == "metadata.name" || (field == "metadata.namespace" && type.Namespaced) || type.SelectableFields.Contains(field);
}
