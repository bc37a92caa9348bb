using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Import.Convert;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticScaler.Autoscaler.Import.Sources;

/// <summary>
/// Text to objects: JSON (one value) or YAML (any number of documents). YAML scalars take kubectl's types: a
/// plain one that reads as a number, a boolean or null is one; a quoted one stays a string. A document that is
/// not a mapping (a bare string, an empty document) is not an object and is passed over.
/// </summary>
public static class DocumentReader
{
    /// <summary>The objects of <paramref name="text"/>, named "NAME, document N"; or the error that makes it unreadable.</summary>
    public static (IReadOnlyList<SourceDocument> Documents, string? Error) Read(string text, string name)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try
            {
                var node = JsonNode.Parse(text);
                return node switch
                {
                    JsonObject o => ([new SourceDocument(name, o)], null),
                    JsonArray a => ([.. a.OfType<JsonObject>().Select((o, i) => new SourceDocument($"{name}, [{i}]", o))], null),
                    _ => ([], null),
                };
            }
            catch (JsonException e)
            {
                return ([], $"{name}: not valid JSON: {e.Message}");
            }
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            return ([], $"{name}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {Inner(e)}");
        }
        var documents = new List<SourceDocument>();
        for (int i = 0; i < stream.Documents.Count; i++)
            if (ToJson(stream.Documents[i].RootNode) is JsonObject o)
                documents.Add(new SourceDocument($"{name}, document {i + 1}", o));
        return (documents, null);
    }

    private static string Inner(YamlException e)
    {
        var message = e.InnerException?.Message ?? e.Message;
        // YamlDotNet repeats the position in its message; the caller already says where.
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && close > 0 ? message[(close + 3)..] : message;
    }

    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (k, v) in map.Children)
                    o[k is YamlScalarNode key ? key.Value ?? "" : k.ToString()] = ToJson(v);
                return o;
            case YamlSequenceNode seq:
                return new JsonArray([.. seq.Children.Select(ToJson)]);
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return JsonValue.Create(text);
                if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
                if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
                if (text is "null" or "Null" or "NULL" or "~" or "") return null;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n is >= int.MinValue and <= int.MaxValue ? JsonValue.Create((int)n) : JsonValue.Create(n);
                if (text.Contains('.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return JsonValue.Create(d);
                return JsonValue.Create(text);
            default:
                return null;
        }
    }
}
