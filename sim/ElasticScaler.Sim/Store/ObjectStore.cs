using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Store;

/// <summary>Thrown when a watch asks for a resourceVersion older than the retained history.</summary>
public sealed class ResourceVersionTooOldException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})")
{
    public long Requested { get; } = requested;
    public long Oldest { get; } = oldest;
}

/// <summary>
/// The etcd of the sim: objects by storage key and namespace/name, one global revision counter, a bounded event
/// history for watch resumption, and fan-out to live watches. It knows nothing about Kubernetes rules; ResourceService does.
/// </summary>
public sealed class ObjectStore(int historyCapacity = 10_000)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _objects = [];
    /// <summary>
    /// The same objects by kind and namespace, sorted by name: a namespaced list reads only its namespace, so 5,000
    /// namespaces' lists over 100,000 pods cost their own pods, not 100,000 each (under the store's lock).
    /// </summary>
    private readonly Dictionary<(string StorageKey, string Ns), SortedDictionary<string, StoredObject>> _byNamespace = [];
    private readonly Dictionary<string, StoredObject> _byUid = [];
    private readonly Dictionary<string, HashSet<string>> _dependents = []; // owner uid -> dependent uids
    private readonly Queue<StoreEvent> _history = new();
    private readonly List<WatchSubscription> _watchers = [];
    private long _revision = 1;
    private long _oldestRetained = 1;

    public long Revision
    {
        get { lock (_gate) return _revision; }
    }

    public int WatcherCount
    {
        get { lock (_gate) return _watchers.Count; }
    }

    public StoredObject? Get(string storageKey, string ns, string name)
    {
        lock (_gate)
            return _objects.TryGetValue(storageKey, out var m) && m.TryGetValue(Key(ns, name), out var o) ? o : null;
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (_gate)
            return _byUid.GetValueOrDefault(uid);
    }

    /// <summary>Objects sorted by namespace then name (etcd key order), and the revision they were read at.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(string storageKey, string? ns)
    {
        lock (_gate)
        {
            if (ns is not null)
                return (_byNamespace.TryGetValue((storageKey, ns), out var inNs) ? [.. inNs.Values] : [], _revision);
            if (!_objects.TryGetValue(storageKey, out var m))
                return ([], _revision);
            return ([.. m.Values], _revision);
        }
    }

    public IReadOnlyList<StoredObject> Dependents(string ownerUid)
    {
        lock (_gate)
            return _dependents.TryGetValue(ownerUid, out var set) ? set.Select(u => _byUid[u]).ToList() : [];
    }

    public IReadOnlyList<string> StorageKeys()
    {
        lock (_gate)
            return _objects.Keys.ToList();
    }

    /// <summary>
    /// Writes an object, assigning the next revision. <paramref name="guard"/> runs under the store lock with the current
    /// stored object (or null) and may throw to refuse the write (optimistic concurrency lives there).
    /// </summary>
    public StoredObject Put(string storageKey, JsonObject obj, Func<StoredObject?, JsonObject, JsonObject>? guard,
        Func<JsonObject, IReadOnlyDictionary<string, string>> fields)
    {
        lock (_gate)
        {
            var meta = (JsonObject)obj["metadata"]!;
            var ns = (string?)meta["namespace"] ?? "";
            var name = (string)meta["name"]!;
            var map = Map(storageKey);
            map.TryGetValue(Key(ns, name), out var previous);
            if (guard is not null)
                obj = guard(previous, obj);
            meta = (JsonObject)obj["metadata"]!;
            var rv = ++_revision;
            meta["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stored = Freeze(storageKey, ns, name, rv, obj, fields);
            map[Key(ns, name)] = stored;
            Namespace(storageKey, ns)[name] = stored;
            if (previous is not null)
                Unindex(previous);
            Index(stored);
            Publish(new StoreEvent(previous is null ? WatchEventType.Added : WatchEventType.Modified, stored, previous));
            return stored;
        }
    }

    /// <summary>
    /// Called after an object is removed, outside the store's lock, before <see cref="Remove"/> returns (the pod log
    /// store forgets a deleted pod's logs with it, without holding a watch).
    /// </summary>
    internal event Action<StoredObject>? Removed;

    /// <summary>Removes an object; the DELETED event carries its last state at the delete's revision.</summary>
    public StoredObject? Remove(string storageKey, string ns, string name, Func<StoredObject, bool>? precondition = null)
    {
        var removed = RemoveLocked(storageKey, ns, name, precondition);
        if (removed is not null)
            Removed?.Invoke(removed);
        return removed;
    }

    private StoredObject? RemoveLocked(string storageKey, string ns, string name, Func<StoredObject, bool>? precondition)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(storageKey, out var map) || !map.TryGetValue(Key(ns, name), out var previous))
                return null;
            if (precondition is not null && !precondition(previous))
                return null;
            map.Remove(Key(ns, name));
            if (_byNamespace.TryGetValue((storageKey, ns), out var inNs) && inNs.Remove(name) && inNs.Count == 0)
                _byNamespace.Remove((storageKey, ns));
            Unindex(previous);
            var rv = ++_revision;
            var last = previous.Parse();
            last["metadata"]!["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var final = previous with { ResourceVersion = rv, Json = System.Text.Encoding.UTF8.GetBytes(last.ToJsonString()) };
            Publish(new StoreEvent(WatchEventType.Deleted, final, previous));
            return final;
        }
    }

    /// <summary>
    /// Starts a watch. fromRv 0 means "from now"; otherwise every retained event after fromRv is replayed first.
    /// The returned list holds the replayed events; later ones arrive on the subscription.
    /// </summary>
    public (WatchSubscription Subscription, IReadOnlyList<StoreEvent> Replay) Watch(string storageKey, string? ns, long fromRv)
    {
        lock (_gate)
        {
            if (fromRv > 0 && fromRv < _oldestRetained - 1)
                throw new ResourceVersionTooOldException(fromRv, _oldestRetained);
            var sub = new WatchSubscription(storageKey, ns, Unsubscribe);
            var replay = fromRv > 0 ? _history.Where(e => e.ResourceVersion > fromRv && sub.Wants(e.Current)).ToList() : [];
            _watchers.Add(sub);
            return (sub, replay);
        }
    }

    /// <summary>Drops history older than the given revision (tests and fault injection force 410 Gone with it).</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestRetained = _revision + 1;
        }
    }

    /// <summary>Ends every live watch on a storage key (or all of them), as a dropped connection would.</summary>
    public int DropWatches(string? storageKey)
    {
        lock (_gate)
        {
            var victims = _watchers.Where(w => storageKey is null || w.StorageKey == storageKey).ToList();
            foreach (var w in victims)
                w.Complete();
            return victims.Count;
        }
    }

    /// <summary>All objects, for persistence.</summary>
    public IReadOnlyList<StoredObject> Snapshot()
    {
        lock (_gate)
            return _objects.Values.SelectMany(m => m.Values).ToList();
    }

    /// <summary>Loads persisted objects as they were (their revisions kept), before any client connects.</summary>
    public void Restore(IEnumerable<(string StorageKey, JsonObject Obj)> objects, long revision,
        Func<string, Func<JsonObject, IReadOnlyDictionary<string, string>>> fields)
    {
        lock (_gate)
        {
            foreach (var (key, obj) in objects)
            {
                var meta = (JsonObject)obj["metadata"]!;
                var rv = long.Parse((string)meta["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);
                var stored = Freeze(key, (string?)meta["namespace"] ?? "", (string)meta["name"]!, rv, obj, fields(key));
                Map(key)[Key(stored.Namespace, stored.Name)] = stored;
                Namespace(key, stored.Namespace)[stored.Name] = stored;
                Index(stored);
            }
            _revision = Math.Max(_revision, revision);
            _oldestRetained = _revision + 1;
        }
    }

    private static StoredObject Freeze(string storageKey, string ns, string name, long rv, JsonObject obj,
        Func<JsonObject, IReadOnlyDictionary<string, string>> fields)
    {
        var meta = (JsonObject)obj["metadata"]!;
        var labels = meta["labels"] is JsonObject l
            ? l.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "")
            : new Dictionary<string, string>();
        var owners = meta["ownerReferences"] is JsonArray refs
            ? refs.Select(r => (string?)r?["uid"]).Where(u => u is not null).Select(u => u!).ToList()
            : [];
        return new StoredObject(storageKey, ns, name, (string?)meta["uid"] ?? "", rv,
            System.Text.Encoding.UTF8.GetBytes(obj.ToJsonString()), labels, fields(obj), owners);
    }

    private void Index(StoredObject o)
    {
        if (o.Uid.Length == 0)
            return;
        _byUid[o.Uid] = o;
        foreach (var owner in o.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set))
                _dependents[owner] = set = [];
            set.Add(o.Uid);
        }
    }

    private void Unindex(StoredObject o)
    {
        if (o.Uid.Length == 0)
            return;
        _byUid.Remove(o.Uid);
        foreach (var owner in o.OwnerUids)
            if (_dependents.TryGetValue(owner, out var set) && set.Remove(o.Uid) && set.Count == 0)
                _dependents.Remove(owner);
    }

    private void Publish(StoreEvent e)
    {
        _history.Enqueue(e);
        while (_history.Count > historyCapacity)
            _oldestRetained = _history.Dequeue().ResourceVersion + 1;
        foreach (var w in _watchers)
            if (w.Wants(e.Current))
                w.Publish(e);
    }

    private void Unsubscribe(WatchSubscription s)
    {
        lock (_gate)
            _watchers.Remove(s);
    }

    private SortedDictionary<string, StoredObject> Map(string storageKey)
    {
        if (!_objects.TryGetValue(storageKey, out var m))
            _objects[storageKey] = m = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        return m;
    }

    private SortedDictionary<string, StoredObject> Namespace(string storageKey, string ns)
    {
        if (!_byNamespace.TryGetValue((storageKey, ns), out var m))
            _byNamespace[(storageKey, ns)] = m = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
        return m;
    }

    private static string Key(string ns, string name) => ns + "/" + name;
}
