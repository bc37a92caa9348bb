using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Semantics;

/// <summary>One requirement of a label selector: key, operator (=, !=, in, notin, exists, !) and values.</summary>
public sealed record LabelRequirement(string Key, string Op, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var v);
        return Op switch
        {
            "=" => has && v == Values[0],
            "!=" => !has || v != Values[0],
            "in" => has && Values.Contains(v!),
            "notin" => !has || !Values.Contains(v!),
            "exists" => has,
            _ => !has,
        };
    }

    public override string ToString() => Op switch
    {
        "=" or "!=" => Key + Op + Values[0],
        "in" or "notin" => $"{Key} {Op} ({string.Join(",", Values)})",
        "exists" => Key,
        _ => "!" + Key,
    };
}

/// <summary>The label selector grammar of the API (k=v, k==v, k!=v, k in (a,b), k notin (a,b), k, !k; comma = AND).</summary>
public sealed record LabelSelector(IReadOnlyList<LabelRequirement> Requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    public override string ToString() => string.Join(",", Requirements.OrderBy(r => r.Key, StringComparer.Ordinal));

    /// <summary>Parses the query form; a malformed selector is a 400 like the real server's.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Everything;
        var reqs = new List<LabelRequirement>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0)
                throw ApiException.BadRequest($"unable to parse requirement: found '', expected: identifier");
            reqs.Add(ParseOne(p));
        }
        return new LabelSelector(reqs);
    }

    /// <summary>The selector of a LabelSelector object (matchLabels + matchExpressions), as Scale.status.selector renders it.</summary>
    public static LabelSelector FromObject(JsonNode? node)
    {
        if (node is not JsonObject o)
            return Everything;
        var reqs = new List<LabelRequirement>();
        if (o["matchLabels"] is JsonObject ml)
            reqs.AddRange(ml.Select(p => new LabelRequirement(p.Key, "=", [(string?)p.Value ?? ""])));
        if (o["matchExpressions"] is JsonArray me)
        {
            foreach (var e in me.OfType<JsonObject>())
            {
                var key = (string?)e["key"] ?? "";
                var values = e["values"] is JsonArray va ? va.Select(v => (string?)v ?? "").OrderBy(v => v, StringComparer.Ordinal).ToList() : [];
                var op = ((string?)e["operator"]) switch
                {
                    "In" => "in",
                    "NotIn" => "notin",
                    "Exists" => "exists",
                    _ => "!",
                };
                reqs.Add(new LabelRequirement(key, op, values));
            }
        }
        return new LabelSelector(reqs.OrderBy(r => r.Key, StringComparer.Ordinal).ToList());
    }

    private static LabelRequirement ParseOne(string p)
    {
        if (p.StartsWith('!'))
            return new LabelRequirement(ValidKey(p[1..].Trim(), p), "!", []);
        foreach (var (word, op) in new[] { (" notin ", "notin"), (" in ", "in") })
        {
            var i = p.IndexOf(word, StringComparison.Ordinal);
            if (i > 0)
            {
                var rest = p[(i + word.Length)..].Trim();
                if (!rest.StartsWith('(') || !rest.EndsWith(')'))
                    throw ApiException.BadRequest($"unable to parse requirement: found '{rest}', expected: '('");
                var values = rest[1..^1].Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
                return new LabelRequirement(ValidKey(p[..i].Trim(), p), op, values);
            }
        }
        foreach (var op in new[] { "!=", "==", "=" })
        {
            var i = p.IndexOf(op, StringComparison.Ordinal);
            if (i > 0)
            {
                var value = p[(i + op.Length)..].Trim();
                if (value.Length > 0 && !Validation.IsLabelValue(value))
                    throw ApiException.BadRequest($"unable to parse requirement: values[0][{p[..i].Trim()}]: Invalid value: \"{value}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
                return new LabelRequirement(ValidKey(p[..i].Trim(), p), op == "!=" ? "!=" : "=", [value]);
            }
        }
        return new LabelRequirement(ValidKey(p, p), "exists", []);
    }

    private static string ValidKey(string key, string whole)
    {
        if (!Validation.IsQualifiedName(key))
            throw ApiException.BadRequest($"unable to parse requirement: <nil>: Invalid value: \"{key}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (in \"{whole}\")");
        return key;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
