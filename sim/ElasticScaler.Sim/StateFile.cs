using System.Text.Json.Nodes;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim;

/// <summary>DIR/state.json: every stored object with its storage key, and the revision counter.</summary>
public static class StateFile
{
    public static void Save(string path, ObjectStore store)
    {
        var objects = new JsonArray(store.Snapshot().Select(o => (JsonNode)new JsonObject { ["storageKey"] = o.StorageKey, ["object"] = o.Parse() }).ToArray());
        var doc = new JsonObject { ["revision"] = store.Revision, ["objects"] = objects };
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, doc.ToJsonString());
        File.Move(tmp, path, overwrite: true);
    }

    public static (long Revision, IReadOnlyList<(string StorageKey, JsonObject Obj)> Objects) Load(string path)
    {
        JsonNode? doc;
        try
        {
            doc = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON ({e.Message}); delete it to start with an empty cluster", e);
        }
        var revision = (long?)doc?["revision"] ?? throw new InvalidDataException($"{path}: 'revision' is missing; delete the file to start afresh");
        var objects = (doc!["objects"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => ((string?)o["storageKey"] ?? throw new InvalidDataException($"{path}: an entry has no 'storageKey'"),
                o["object"] as JsonObject ?? throw new InvalidDataException($"{path}: an entry has no 'object'")))
            .Select(p => (p.Item1, (JsonObject)p.Item2.DeepClone()))
            .ToList();
        return (revision, objects);
    }
}
