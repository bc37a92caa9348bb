using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Semantics;

/// <summary>JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch with the built-in merge keys.</summary>
public static class Patches
{
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
            return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in p)
        {
            if (value is null)
                result.Remove(key);
            else
                result[key] = Merge(result[key]?.DeepClone(), value);
        }
        return result;
    }

    public static JsonNode Json(JsonNode target, JsonArray ops)
    {
        var doc = target.DeepClone();
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i] is not JsonObject op)
                throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
            var kind = (string?)op["op"] ?? "";
            var path = (string?)op["path"] ?? throw Unprocessable($"missing path in operation {i}");
            switch (kind)
            {
                case "add": doc = Add(doc, path, op["value"]?.DeepClone(), insert: true); break;
                case "replace":
                    _ = Resolve(doc, path) ?? throw Unprocessable($"replace operation does not apply: doc is missing key: {path}: missing value");
                    doc = Add(doc, path, op["value"]?.DeepClone(), insert: false);
                    break;
                case "remove": doc = Remove(doc, path, out _); break;
                case "move":
                    doc = Remove(doc, (string?)op["from"] ?? "", out var moved);
                    doc = Add(doc, path, moved, insert: true);
                    break;
                case "copy":
                    var copied = Resolve(doc, (string?)op["from"] ?? "") ?? throw Unprocessable($"copy operation does not apply: doc is missing from path: {op["from"]}");
                    doc = Add(doc, path, copied.DeepClone(), insert: true);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Resolve(doc, path), op["value"]))
                        throw Unprocessable($"testing value {path} failed: test failed");
                    break;
                default: throw Unprocessable($"Unexpected kind: {kind}");
            }
        }
        return doc;
    }

    private static ApiException Unprocessable(string message) => new(422, "Invalid", $"the server rejected our request due to an error in our request: {message}");

    private static IReadOnlyList<string> Pointer(string path)
    {
        if (path.Length == 0)
            return [];
        if (!path.StartsWith('/'))
            throw Unprocessable($"JSON pointer must be empty or start with a \"/\": {path}");
        return path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Resolve(JsonNode? doc, string path) => Resolve(doc, Pointer(path));

    private static JsonNode? Resolve(JsonNode? doc, IEnumerable<string> parts)
    {
        foreach (var part in parts)
        {
            doc = doc switch
            {
                JsonObject o => o[part],
                JsonArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (doc is null)
                return null;
        }
        return doc;
    }

    private static JsonNode Add(JsonNode doc, string path, JsonNode? value, bool insert)
    {
        var parts = Pointer(path);
        if (parts.Count == 0)
            return value ?? throw Unprocessable("cannot replace the document with null");
        var parent = Resolve(doc, parts.Take(parts.Count - 1))
            ?? throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        var last = parts[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a:
                if (last == "-")
                    a.Add(value);
                else if (int.TryParse(last, out var i) && i >= 0 && i <= a.Count)
                {
                    if (insert)
                        a.Insert(i, value);
                    else if (i < a.Count)
                        a[i] = value;
                    else
                        throw Unprocessable($"replace operation does not apply: doc is missing key: {path}");
                }
                else
                    throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
                break;
            default:
                throw Unprocessable($"add operation does not apply: doc is missing path: \"{path}\": missing value");
        }
        return doc;
    }

    private static JsonNode Remove(JsonNode doc, string path, out JsonNode? removed)
    {
        var parts = Pointer(path);
        var parent = parts.Count == 0 ? null : Resolve(doc, parts.Take(parts.Count - 1));
        var last = parts.Count == 0 ? "" : parts[^1];
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                removed = o[last];
                o.Remove(last);
                removed = removed?.DeepClone();
                return doc;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                removed = a[i]?.DeepClone();
                a.RemoveAt(i);
                return doc;
            default:
                throw Unprocessable($"remove operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }
}
