using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Field ownership for server-side apply (metadata.managedFields, FieldsV1). Simplification stated in docs/sim.md:
/// every list is owned as a whole (atomic), as if no list had a merge key.
/// </summary>
public static class ManagedFields
{
    private static readonly HashSet<string> Unowned = ["f:apiVersion", "f:kind"];
    private static readonly HashSet<string> UnownedMeta = ["f:name", "f:namespace", "f:uid", "f:resourceVersion", "f:creationTimestamp", "f:managedFields", "f:generation", "f:deletionTimestamp", "f:deletionGracePeriodSeconds", "f:generateName"];

    /// <summary>The leaf paths an object sets, e.g. "f:spec\0f:replicas". Status is left out for the main resource of kinds with /status.</summary>
    public static HashSet<string> Leaves(JsonObject obj, bool skipStatus)
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
                        Walk(mv, key + "\0f:" + mk, set);
                continue;
            }
            Walk(v, key, set);
        }
        return set;
    }

    private static void Walk(JsonNode? node, string path, HashSet<string> set)
    {
        if (node is JsonObject o && o.Count > 0)
            foreach (var (k, v) in o)
                Walk(v, path + "\0f:" + k, set);
        else
            set.Add(path);
    }

    public static JsonNode? ValueAt(JsonObject? obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('\0'))
        {
            if (node is not JsonObject o)
                return null;
            node = o[part[2..]];
        }
        return node;
    }

    private static void RemoveAt(JsonObject obj, string path)
    {
        var parts = path.Split('\0');
        JsonNode? node = obj;
        foreach (var part in parts[..^1])
            node = node is JsonObject o ? o[part[2..]] : null;
        if (node is JsonObject parent)
            parent.Remove(parts[^1][2..]);
    }

    public static string Render(string path) => "." + string.Join('.', path.Split('\0').Select(p => p[2..]));

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
        var before = old is null ? [] : Leaves(old, skipStatus);
        var after = Leaves(updated, skipStatus);
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
        var wanted = Leaves(intent, skipStatus);
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
        foreach (var p in wanted)
        {
            var value = ValueAt(intent, p);
            var parts = p.Split('\0');
            var node = result;
            foreach (var part in parts[..^1])
            {
                if (node[part[2..]] is not JsonObject next)
                    node[part[2..]] = next = new JsonObject();
                node = next;
            }
            node[parts[^1][2..]] = value?.DeepClone();
        }
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
