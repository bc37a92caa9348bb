using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Store;

/// <summary>
/// One stored object: its UTF-8 JSON (immutable; readers parse their own copy) plus what selectors and the garbage
/// collector need without parsing.
/// </summary>
public sealed record StoredObject(
    string StorageKey,
    string Namespace,
    string Name,
    string Uid,
    long ResourceVersion,
    byte[] Json,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> OwnerUids)
{
    /// <summary>A fresh, mutable copy of the object.</summary>
    public JsonObject Parse() => (JsonObject)JsonNode.Parse(Json)!;
}

public enum WatchEventType { Added, Modified, Deleted }

/// <summary>A change in the store: the object after the change (for deletes, its last state) and before it.</summary>
public sealed class StoreEvent(WatchEventType type, StoredObject current, StoredObject? previous)
{
    private byte[]? _line;

    public WatchEventType Type { get; } = type;
    public StoredObject Current { get; } = current;
    public StoredObject? Previous { get; } = previous;
    public long ResourceVersion => Current.ResourceVersion;

    public static string TypeName(WatchEventType t) => t switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        _ => "DELETED",
    };

    /// <summary>The watch line for plain JSON watchers, built once and shared by every watcher.</summary>
    public byte[] JsonLine(WatchEventType asType)
    {
        if (asType == Type && _line is { } cached)
            return cached;
        var line = BuildLine(TypeName(asType), Current.Json);
        if (asType == Type)
            _line = line;
        return line;
    }

    internal static byte[] BuildLine(string type, byte[] objectJson)
    {
        var head = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"object\":");
        var line = new byte[head.Length + objectJson.Length + 2];
        head.CopyTo(line, 0);
        objectJson.CopyTo(line, head.Length);
        line[^2] = (byte)'}';
        line[^1] = (byte)'\n';
        return line;
    }
}
