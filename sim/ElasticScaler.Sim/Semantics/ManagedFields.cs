using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Field ownership for server-side apply (metadata.managedFields, FieldsV1). Lists of built-in kinds that have a
/// merge key are owned item by item ("k:{"name":"web"}" segments); every other list (and every list of a custom
/// resource) is owned as a whole.
/// </summary>
public static class ManagedFields
{
    private static readonly HashSet<string> Unowned = ["f:apiVersion", "f:kind"];
    private static readonly HashSet<string> UnownedMeta = ["f:name", "f:namespace", "f:uid", "f:resourceVersion", "f:creationTimestamp", "f:managedFields", "f:generation", "f:deletionTimestamp", "f:deletionGracePeriodSeconds", "f:generateName"];

    /// <summary>
    /// The leaf paths an object sets, e.g. "f:spec\0f:replicas". Status is left out for the main resource of kinds with
    /// /status. <paramref name="kind"/> names a built-in kind whose merge-keyed lists are split into items.
    /// </summary>
    public static HashSet<string> Leaves(JsonObject obj, bool skipStatus, string? kind = null)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in obj)
        {
            var key = "f:" + k;
            if (Unowned.Contains(key) || (skipStatus && k == "status"))
                continue;
            if (k == "metadata" && v is JsonObject meta)
            {
                foreach (var (mk, mv) in meta)
                    if (!UnownedMeta.Contains("f:" + mk))
                        Walk(mv, key + "\0f:" + mk, set, kind);
                continue;
            }
            Walk(v, key, set, kind);
        }
        return set;
    }

    private static void Walk(JsonNode? node, string path, HashSet<string> set, string? kind)
    {
        if (node is JsonObject o && o.Count > 0)
        {
            foreach (var (k, v) in o)
                Walk(v, path + "\0f:" + k, set, kind);
            return;
        }
        if (node is JsonArray { Count: > 0 } list && kind is not null && ItemKey(list, path, kind) is { } key)
        {
            foreach (var item in list.OfType<JsonObject>())
                Walk(item, path + "\0" + KeySegment(key, item[key]), set, kind);
            return;
        }
        set.Add(path);
    }

    /// <summary>The merge key when every item is an object carrying a scalar value for it; null keeps the list atomic.</summary>
    private static string? ItemKey(JsonArray list, string path, string kind)
    {
        var segments = path.Split('\0');
        if (!segments[^1].StartsWith("f:", StringComparison.Ordinal))
            return null;
        var key = StrategicMerge.MergeKey(segments[^1][2..], kind, Render(path));
        return key is not null && list.All(i => i is JsonObject io && io[key] is JsonValue) ? key : null;
    }

    private static string KeySegment(string key, JsonNode? value) => "k:" + new JsonObject { [key] = value?.DeepClone() }.ToJsonString();

    /// <summary>One step down a path: a field of an object ("f:x") or the list item with the given key ("k:{...}").</summary>
    private static JsonNode? Step(JsonNode? node, string segment)
    {
        if (segment.StartsWith("f:", StringComparison.Ordinal))
            return node is JsonObject o ? o[segment[2..]] : null;
        if (node is not JsonArray list || JsonNode.Parse(segment[2..]) is not JsonObject key)
            return null;
        return list.OfType<JsonObject>().FirstOrDefault(i => key.All(kv => JsonNode.DeepEquals(i[kv.Key], kv.Value)));
    }

    public static JsonNode? ValueAt(JsonObject? obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('\0'))
        {
            node = Step(node, part);
            if (node is null)
                return null;
        }
        return node;
    }

    /// <summary>Removes the field at a path; a list item left with nothing but its key goes too.</summary>
    private static void RemoveAt(JsonObject obj, string path)
    {
        var parts = path.Split('\0');
        var chain = new List<JsonNode?> { obj };
        foreach (var part in parts[..^1])
            chain.Add(Step(chain[^1], part));
        var last = parts[^1];
        if (last.StartsWith("k:", StringComparison.Ordinal))
        {
            if (chain[^1] is JsonArray items && Step(items, last) is { } whole)
                items.Remove(whole);
            return;
        }
        if (chain[^1] is not JsonObject parent)
            return;
        parent.Remove(last[2..]);
        if (parts.Length >= 2 && parts[^2].StartsWith("k:", StringComparison.Ordinal) && chain[^2] is JsonArray list &&
            JsonNode.Parse(parts[^2][2..]) is JsonObject key && parent.All(p => key.ContainsKey(p.Key)))
            list.Remove(parent);
    }

    /// <summary>Sets a value at a path, creating objects, lists and keyed list items on the way.</summary>
    private static void SetAt(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('\0');
        JsonNode node = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var isLast = i == parts.Length - 1;
            if (part.StartsWith("k:", StringComparison.Ordinal))
            {
                var list = (JsonArray)node;
                var item = Step(list, part);
                if (item is null)
                {
                    item = JsonNode.Parse(part[2..])!;
                    list.Add(item);
                }
                if (isLast)
                    list[list.IndexOf(item)] = value?.DeepClone();
                node = item;
                continue;
            }
            var obj = (JsonObject)node;
            var name = part[2..];
            if (isLast)
            {
                obj[name] = value?.DeepClone();
                return;
            }
            var wantList = parts[i + 1].StartsWith("k:", StringComparison.Ordinal);
            if (wantList ? obj[name] is not JsonArray : obj[name] is not JsonObject)
                obj[name] = wantList ? new JsonArray() : new JsonObject();
            node = obj[name]!;
        }
    }

    /// <summary>".spec.template.spec.containers[name=\"web\"].image", as conflict messages print paths.</summary>
    public static string Render(string path) => string.Concat(path.Split('\0').Select(p => p.StartsWith("k:", StringComparison.Ordinal)
        ? "[" + string.Join(",", JsonNode.Parse(p[2..])!.AsObject().Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}")) + "]"
        : "." + p[2..]));

    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.OrderBy(p => p, StringComparer.Ordinal))
        {
            var node = root;
            foreach (var part in path.Split('\0'))
            {
                if (node[part] is not JsonObject next)
                    node[part] = next = new JsonObject();
                node = next;
            }
        }
        return root;
    }

    public static HashSet<string> FromFieldsV1(JsonNode? fields)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        void Go(JsonObject o, string prefix)
        {
            foreach (var (k, v) in o)
            {
                if (k == ".")
                    continue;
                var path = prefix.Length == 0 ? k : prefix + "\0" + k;
                if (v is JsonObject child && child.Any(c => c.Key != "."))
                    Go(child, path);
                else
                    set.Add(path);
            }
        }
        if (fields is JsonObject f)
            Go(f, "");
        return set;
    }

    private sealed record Entry(string Manager, string Operation, string ApiVersion, string? Subresource, HashSet<string> Paths, string Time);

    private static List<Entry> Read(JsonObject? obj) =>
        (obj?["metadata"]?["managedFields"] as JsonArray ?? []).OfType<JsonObject>().Select(e => new Entry(
            (string?)e["manager"] ?? "", (string?)e["operation"] ?? "Update", (string?)e["apiVersion"] ?? "", (string?)e["subresource"],
            FromFieldsV1(e["fieldsV1"]), (string?)e["time"] ?? "")).ToList();

    private static void Write(JsonObject obj, IEnumerable<Entry> entries)
    {
        var arr = new JsonArray();
        foreach (var e in entries.Where(e => e.Paths.Count > 0))
        {
            var o = new JsonObject
            {
                ["manager"] = e.Manager,
                ["operation"] = e.Operation,
                ["apiVersion"] = e.ApiVersion,
                ["time"] = e.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = ToFieldsV1(e.Paths),
            };
            if (e.Subresource is not null)
                o["subresource"] = e.Subresource;
            arr.Add(o);
        }
        var meta = (JsonObject)obj["metadata"]!;
        if (arr.Count > 0)
            meta["managedFields"] = arr;
        else
            meta.Remove("managedFields");
    }

    /// <summary>Records an Update by <paramref name="manager"/>: it takes the fields it changed from everyone else.</summary>
    public static void RecordUpdate(ResourceType t, JsonObject? old, JsonObject updated, string manager, string? subresource, string now)
    {
        var skipStatus = t.HasStatusSubresource && subresource is null;
        // A client that rewrites managedFields itself (kubectl's client-side-apply upgrade does) is taken at its word.
        var rewritten = updated["metadata"]?["managedFields"] is JsonArray sent && !JsonNode.DeepEquals(sent, old?["metadata"]?["managedFields"]);
        var entries = rewritten ? Read(updated) : Read(old);
        var kind = t.IsCustom ? null : t.Kind;
        var before = old is null ? [] : Leaves(old, skipStatus, kind);
        var after = Leaves(updated, skipStatus, kind);
        var changed = after.Where(p => !before.Contains(p) || !JsonNode.DeepEquals(ValueAt(old, p), ValueAt(updated, p))).ToHashSet(StringComparer.Ordinal);
        var gone = before.Where(p => !after.Contains(p)).ToHashSet(StringComparer.Ordinal);
        foreach (var e in entries)
            e.Paths.RemoveWhere(p => changed.Contains(p) || gone.Contains(p));
        var mine = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Update" && e.Subresource == subresource);
        if (changed.Count > 0)
        {
            if (mine is null)
                entries.Add(mine = new Entry(manager, "Update", t.ApiVersion, subresource, [], now));
            mine.Paths.UnionWith(changed);
            entries[entries.IndexOf(mine)] = mine with { Time = now };
        }
        Write(updated, entries);
    }

    /// <summary>
    /// Server-side apply of an intent: conflicts with other managers' differing fields are a 409 unless forced;
    /// fields this manager applied before and now omits are removed.
    /// </summary>
    public static JsonObject Apply(ResourceType t, JsonObject? live, JsonObject intent, string manager, bool force, string? subresource, string now)
    {
        var skipStatus = t.HasStatusSubresource && subresource is null;
        var entries = Read(live);
        var wanted = Leaves(intent, skipStatus, t.IsCustom ? null : t.Kind);
        // Owners through a subresource (kubectl scale writes .spec.replicas via /scale) conflict like any other.
        var conflicts = new List<(string Manager, string ApiVersion, string Path)>();
        foreach (var e in entries.Where(e => !(e.Manager == manager && e.Subresource == subresource)))
            foreach (var p in e.Paths.Where(wanted.Contains))
                if (!JsonNode.DeepEquals(ValueAt(live, p), ValueAt(intent, p)))
                    conflicts.Add((e.Subresource is null ? $"\"{e.Manager}\"" : $"\"{e.Manager}\" with subresource \"{e.Subresource}\"", e.ApiVersion, p));
        if (conflicts.Count > 0 && !force)
            throw ConflictError(conflicts);
        foreach (var e in entries.Where(e => !(e.Manager == manager && e.Subresource == subresource)))
            e.Paths.RemoveWhere(p => conflicts.Any(c => c.Path == p));
        var result = live?.DeepClone().AsObject() ?? new JsonObject();
        var previous = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == "Apply" && e.Subresource == subresource);
        if (previous is not null)
        {
            var othersOwn = entries.Where(e => e != previous).SelectMany(e => e.Paths).ToHashSet(StringComparer.Ordinal);
            foreach (var p in previous.Paths.Where(p => !wanted.Contains(p) && !othersOwn.Contains(p)))
                RemoveAt(result, p);
            entries.Remove(previous);
        }
        foreach (var p in wanted.OrderBy(p => p, StringComparer.Ordinal))
            SetAt(result, p, ValueAt(intent, p));
        foreach (var (k, v) in intent)
            if (k is "apiVersion" or "kind")
                result[k] = v?.DeepClone();
        result["metadata"] ??= new JsonObject();
        result["metadata"]!["name"] ??= intent["metadata"]?["name"]?.DeepClone();
        entries.Add(new Entry(manager, "Apply", t.ApiVersion, subresource, wanted, now));
        Write(result, entries);
        return result;
    }

    private static ApiException ConflictError(List<(string Manager, string ApiVersion, string Path)> conflicts)
    {
        var n = conflicts.Count;
        string message;
        if (n == 1)
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager} using {conflicts[0].ApiVersion}: {Render(conflicts[0].Path)}";
        else
            message = $"Apply failed with {n} conflicts: " + string.Join("\n", conflicts.GroupBy(c => (c.Manager, c.ApiVersion)).Select(g =>
                $"conflicts with {g.Key.Manager} using {g.Key.ApiVersion}:\n" + string.Join("\n", g.Select(c => "- " + Render(c.Path)))));
        var causes = new JsonArray(conflicts.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {c.Manager} using {c.ApiVersion}",
            ["field"] = Render(c.Path),
        }).ToArray());
        return new ApiException(409, "Conflict", message, new JsonObject { ["causes"] = causes });
    }
}
