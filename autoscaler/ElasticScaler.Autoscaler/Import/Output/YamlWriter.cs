using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElasticScaler.Autoscaler.Import.Convert;

namespace ElasticScaler.Autoscaler.Import.Output;

/// <summary>
/// Writes ElasticScalers as YAML, documents separated by <c>---</c>, fields in the order the object holds them, and
/// each comment on the line before the field it belongs to; a comment for a field the object does not have goes
/// after its would-be siblings, at their indent. Strings are plain only when no YAML reader could take them for
/// anything else (a cron such as <c>* * * 15 11 *</c> is always quoted).
/// </summary>
public static partial class YamlWriter
{
    private const int Width = 116;

    public static string Write(IReadOnlyList<ImportedScaler> scalers)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < scalers.Count; i++)
        {
            if (i > 0) sb.Append("---\n");
            sb.Append(Write(scalers[i]));
        }
        return sb.ToString();
    }

    public static string Write(ImportedScaler scaler)
    {
        var pending = scaler.Comments.Select(c => new Pending(c.Path, c.Text)).ToList();
        var body = new List<string>();
        WriteMap(scaler.Object, "", 0, inline: false, body, pending);
        var lines = new List<string>();
        foreach (var h in scaler.Header) Comment(lines, 0, h);
        foreach (var p in pending.Where(p => !p.Done)) Comment(lines, 0, p.Text); // a path no field stood for: at the top, never lost
        lines.AddRange(body);
        return string.Join('\n', lines) + "\n";
    }

    private sealed class Pending(string path, string text)
    {
        public string Path { get; } = path;
        public string Text { get; } = text;
        public bool Done { get; set; }
    }

    private static void WriteMap(JsonObject map, string path, int indent, bool inline, List<string> lines, List<Pending> pending)
    {
        int i = 0;
        foreach (var (key, value) in map)
        {
            var child = path.Length == 0 ? key : $"{path}.{key}";
            // The first entry of a list item sits on the "- " line; its comments were written above that line.
            if (!(inline && i == 0)) Emit(lines, indent, pending, p => p.Path == child);
            var lead = inline && i == 0 ? "" : new string(' ', indent);
            var k = Scalar(key);
            switch (value)
            {
                case JsonObject { Count: 0 }:
                    Append(lines, inline && i == 0, $"{lead}{k}: {{}}");
                    break;
                case JsonObject o:
                    Append(lines, inline && i == 0, $"{lead}{k}:");
                    WriteMap(o, child, indent + 2, inline: false, lines, pending);
                    break;
                case JsonArray { Count: 0 }:
                    Append(lines, inline && i == 0, $"{lead}{k}: []");
                    Emit(lines, indent, pending, p => p.Path.StartsWith(child + "[", StringComparison.Ordinal));
                    break;
                case JsonArray a:
                    Append(lines, inline && i == 0, $"{lead}{k}:");
                    WriteSeq(a, child, indent, lines, pending);
                    break;
                default:
                    Append(lines, inline && i == 0, $"{lead}{k}: {Scalar(value)}");
                    break;
            }
            i++;
        }
        // Comments for fields this map does not have: where those fields would go, after the ones it has.
        var prefix = path.Length == 0 ? "" : path + ".";
        Emit(lines, indent, pending, p => p.Path.StartsWith(prefix, StringComparison.Ordinal) && p.Path.Length > prefix.Length && !map.ContainsKey(Segment(p.Path[prefix.Length..])));
    }

    private static void WriteSeq(JsonArray seq, string path, int indent, List<string> lines, List<Pending> pending)
    {
        for (int i = 0; i < seq.Count; i++)
        {
            var item = $"{path}[{i}]";
            var first = seq[i] is JsonObject { Count: > 0 } m ? $"{item}.{m.First().Key}" : null;
            Emit(lines, indent, pending, p => p.Path == item || p.Path == first);
            var lead = new string(' ', indent) + "- ";
            switch (seq[i])
            {
                case JsonObject { Count: > 0 } o:
                    lines.Add(lead);
                    WriteMap(o, item, indent + 2, inline: true, lines, pending);
                    break;
                case JsonArray { Count: > 0 } a:
                    lines.Add(lead.TrimEnd());
                    WriteSeq(a, item, indent + 2, lines, pending);
                    break;
                case JsonObject:
                    lines.Add(lead + "{}");
                    break;
                case JsonArray:
                    lines.Add(lead + "[]");
                    break;
                default:
                    lines.Add(lead + Scalar(seq[i]));
                    break;
            }
        }
        // Comments about items that are not there (a trigger left out): after the items.
        Emit(lines, indent, pending, p => p.Path.StartsWith(path + "[", StringComparison.Ordinal));
    }

    /// <summary>Writes a key onto the pending "- " line of a list item, or as a line of its own.</summary>
    private static void Append(List<string> lines, bool onDashLine, string text)
    {
        if (onDashLine) lines[^1] += text;
        else lines.Add(text);
    }

    private static string Segment(string rest)
    {
        int end = rest.IndexOfAny(['.', '[']);
        return end < 0 ? rest : rest[..end];
    }

    private static void Emit(List<string> lines, int indent, List<Pending> pending, Func<Pending, bool> match)
    {
        foreach (var p in pending)
        {
            if (p.Done || !match(p)) continue;
            p.Done = true;
            Comment(lines, indent, p.Text);
        }
    }

    /// <summary>"# text", wrapped at word boundaries to the page width.</summary>
    private static void Comment(List<string> lines, int indent, string text)
    {
        var lead = new string(' ', indent) + "# ";
        var line = new StringBuilder(lead);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > lead.Length && line.Length + 1 + word.Length > Width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(lead).Append("  ");
            }
            if (line.Length > lead.Length && line[^1] != ' ') line.Append(' ');
            line.Append(word);
        }
        lines.Add(line.ToString());
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Scalar(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>Plain when unambiguous, else a double-quoted string (JSON's escapes are YAML's).</summary>
    public static string Scalar(string s) =>
        Plain().IsMatch(s) && !Reserved.Contains(s) ? s : JsonSerializer.Serialize(s, Escaping);

    private static readonly JsonSerializerOptions Escaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Words YAML 1.1 readers (go-yaml v2, kubectl's) take for booleans or null.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
        { "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~" };

    [GeneratedRegex(@"^[A-Za-z_/][A-Za-z0-9_./-]*$")]
    private static partial Regex Plain();
}
