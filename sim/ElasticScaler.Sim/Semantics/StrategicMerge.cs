using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Strategic merge patch for the built-in kinds: lists with a patchMergeKey merge item by item, finalizers merge as a
/// set, other lists are atomic; the directives $patch, $setElementOrder, $retainKeys and $deleteFromPrimitiveList apply.
/// </summary>
public static class StrategicMerge
{
    /// <summary>Merge keys by field name (patchMergeKey struct tags of core/v1 and apps/v1).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new()
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["volumes"] = "name",
        ["env"] = "name",
        ["imagePullSecrets"] = "name",
        ["ports"] = "containerPort",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
    };

    private static readonly HashSet<string> PrimitiveMergeLists = ["finalizers"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, string kind, string path = "")
    {
        if (patch is not JsonObject p)
            return patch?.DeepClone();
        if ((string?)p["$patch"] == "replace")
            return Without(p, "$patch");
        if ((string?)p["$patch"] == "delete")
            return null;
        var result = target as JsonObject ?? new JsonObject();
        if (p["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => (string?)k).ToHashSet();
            foreach (var key in result.Select(kv => kv.Key).ToList())
                if (!keep.Contains(key))
                    result.Remove(key);
        }
        foreach (var (key, value) in p)
        {
            if (key is "$patch" or "$retainKeys" || key.StartsWith("$setElementOrder/", StringComparison.Ordinal))
                continue;
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listName = key["$deleteFromPrimitiveList/".Length..];
                if (result[listName] is JsonArray list && value is JsonArray drop)
                    foreach (var item in list.Where(i => drop.Any(d => JsonNode.DeepEquals(d, i))).ToList())
                        list.Remove(item);
                continue;
            }
            var childPath = path + "." + key;
            if (value is null)
                result.Remove(key);
            else if (value is JsonArray patchList)
                result[key] = MergeList(result[key] as JsonArray, patchList, key, kind, childPath);
            else
                result[key] = Apply(result[key]?.DeepClone(), value, kind, childPath);
        }
        foreach (var (key, value) in p)
            if (key.StartsWith("$setElementOrder/", StringComparison.Ordinal) && value is JsonArray order)
                Reorder(result, key["$setElementOrder/".Length..], order, kind, path);
        return result;
    }

    /// <summary>The patchMergeKey of a list field of a built-in kind (path in ".spec.ports" form), or null when the list is atomic.</summary>
    internal static string? MergeKey(string field, string kind, string path) =>
        kind == "Service" && path == ".spec.ports" ? "port" : MergeKeys.GetValueOrDefault(field);

    private static JsonArray MergeList(JsonArray? live, JsonArray patch, string field, string kind, string path)
    {
        if (PrimitiveMergeLists.Contains(field))
        {
            var merged = live?.DeepClone().AsArray() ?? [];
            foreach (var item in patch)
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                    merged.Add(item?.DeepClone());
            return merged;
        }
        var mergeKey = MergeKey(field, kind, path);
        if (mergeKey is null || patch.Any(i => i is not JsonObject) || patch.OfType<JsonObject>().Any(o => (string?)o["$patch"] == "replace" && o.Count == 1))
            return new JsonArray(patch.Where(i => !(i is JsonObject o && (string?)o["$patch"] == "replace")).Select(i => i?.DeepClone()).ToArray());
        var result = live?.DeepClone().AsArray() ?? [];
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[mergeKey];
            var existing = result.OfType<JsonObject>().FirstOrDefault(o => JsonNode.DeepEquals(o[mergeKey], keyValue));
            if ((string?)item["$patch"] == "delete")
            {
                if (existing is not null)
                    result.Remove(existing);
                continue;
            }
            if (existing is null)
                result.Add(Apply(null, item, kind, path));
            else
                result[result.IndexOf(existing)] = Apply(existing.DeepClone(), item, kind, path);
        }
        return result;
    }

    private static void Reorder(JsonObject obj, string field, JsonArray order, string kind, string path)
    {
        if (obj[field] is not JsonArray list)
            return;
        var key = MergeKey(field, kind, path + "." + field);
        JsonNode? KeyOf(JsonNode? n) => key is null ? n : n?[key];
        var ordered = new List<JsonNode?>();
        foreach (var o in order)
        {
            var match = list.FirstOrDefault(i => JsonNode.DeepEquals(KeyOf(i), KeyOf(o)));
            if (match is not null)
                ordered.Add(match.DeepClone());
        }
        foreach (var i in list)
            if (!ordered.Any(o => JsonNode.DeepEquals(KeyOf(o), KeyOf(i))))
                ordered.Add(i?.DeepClone());
        obj[field] = new JsonArray(ordered.ToArray());
    }

    private static JsonObject Without(JsonObject o, string key)
    {
        var copy = o.DeepClone().AsObject();
        copy.Remove(key);
        return copy;
    }
}
