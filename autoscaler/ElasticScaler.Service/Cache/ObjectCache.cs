using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Timing;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Cache;

/// <summary>
/// A list+watch cache of one kind: what client-go's reflector and informer do, which KubernetesClient does not
/// ship. It lists (paged), then watches from the list's resourceVersion with bookmarks and a server-side timeout;
/// a watch that ends normally is resumed from the last resourceVersion seen (no relist, so a steady state costs
/// no LIST); a 410 Expired, an ERROR event or a stalled stream (no event, not even a bookmark, for
/// <see cref="WatchOptions.StallTimeout"/>) relists. Each object is projected once per change into what the
/// service reads (<typeparamref name="T"/>: a PodState, or the object's JSON), indexed by namespace and labels.
/// </summary>
public sealed class ObjectCache<T> where T : class
{
    private readonly KubeApi _api;
    private readonly string? _namespace;
    private readonly Func<JsonElement, T?> _project;
    private readonly SharedValues? _shared;
    private readonly WatchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, CachedObject<T>>> _byNamespace = new(StringComparer.Ordinal);
    private readonly LabelIndex _labels = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;
    private int _count;

    /// <summary>
    /// <paramref name="shared"/> is where the cache takes its namespaces, names, uids and label maps from: given the
    /// instance the projection uses too, an object's labels and name are one instance in the cache and in its
    /// projection (null: nothing shared).
    /// </summary>
    public ObjectCache(KubeApi api, ApiResource resource, string? ns, Func<JsonElement, T?> project, WatchOptions options, TimeProvider time, ILogger log,
        SharedValues? shared = null)
    {
        _api = api;
        Resource = resource;
        _namespace = resource.Namespaced ? ns : null;
        _project = project;
        _shared = shared;
        _options = options;
        _time = time;
        _log = log;
    }

    public ApiResource Resource { get; }

    /// <summary>Raised after each applied change, on the watch loop: handlers only enqueue.</summary>
    public event Action<CacheChange<T>>? Changed;

    /// <summary>Raised when the loop restarts its watch: reason relist (410, ERROR, stall, error) or rewatch (normal end).</summary>
    public event Action<string>? Restarted;

    /// <summary>The first list has been applied: reads answer for the whole cluster (or namespace).</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    public Task Synced => _synced.Task;

    /// <summary>Moves on every applied change; readers memoize derived views on it.</summary>
    public long Revision => Interlocked.Read(ref _revision);

    public int Count => Volatile.Read(ref _count);

    public CachedObject<T>? Get(string? ns, string name)
    {
        lock (_gate)
            return _byNamespace.TryGetValue(ns ?? "", out var items) && items.TryGetValue(name, out var item) ? item : null;
    }

    /// <summary>Every object, or those of one namespace.</summary>
    public List<CachedObject<T>> List(string? ns = null)
    {
        lock (_gate)
        {
            if (ns is not null) return _byNamespace.TryGetValue(ns, out var items) ? [.. items.Values] : [];
            var all = new List<CachedObject<T>>(_count);
            foreach (var items in _byNamespace.Values) all.AddRange(items.Values);
            return all;
        }
    }

    /// <summary>
    /// The objects of a namespace whose labels satisfy <paramref name="matches"/>; <paramref name="required"/> are
    /// the selector's equality pairs, used to narrow the scan through the label index.
    /// </summary>
    public List<CachedObject<T>> Select(string ns, IEnumerable<KeyValuePair<string, string>> required, Func<IReadOnlyDictionary<string, string>, bool> matches)
    {
        lock (_gate)
        {
            var result = new List<CachedObject<T>>();
            if (!_byNamespace.TryGetValue(ns, out var items)) return result;
            var names = _labels.Narrow(ns, required);
            if (names is null)
            {
                foreach (var item in items.Values) if (matches(item.Labels)) result.Add(item);
                return result;
            }
            foreach (var name in names)
                if (items.TryGetValue(name, out var item) && matches(item.Labels)) result.Add(item);
            return result;
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        string? resourceVersion = null;
        int failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await RelistAsync(ct).ConfigureAwait(false);
                    _synced.TrySetResult();
                }
                resourceVersion = await WatchAsync(resourceVersion, ct).ConfigureAwait(false);
                failures = 0;
                Restarted?.Invoke("rewatch");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException e) when (e.IsGone)
            {
                Log.WatchExpired(_log, Resource.ToString(), e.ApiMessage);
                resourceVersion = null;
                Restarted?.Invoke("expired");
            }
            catch (WatchStalledException)
            {
                Log.WatchStalled(_log, Resource.ToString(), _options.StallTimeout);
                resourceVersion = null;
                Restarted?.Invoke("stalled");
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or JsonException or OperationCanceledException)
            {
                failures++;
                var delay = TimeProviderDelays.Backoff(failures, _options.InitialBackoff, _options.MaxBackoff);
                Log.WatchFailed(_log, Resource.ToString(), delay, e.Message);
                Restarted?.Invoke("error");
                // After repeated failures the stream position may be stale in ways a resume cannot see: relist.
                if (failures >= 3) resourceVersion = null;
                try
                {
                    await _time.DelayAsync(delay, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Lists every page, replaces the contents, and raises the differences as changes; returns the list's resourceVersion.</summary>
    private async Task<string> RelistAsync(CancellationToken ct)
    {
        var fresh = new Dictionary<string, Dictionary<string, CachedObject<T>>>(StringComparer.Ordinal);
        string? continueToken = null;
        string resourceVersion = "";
        do
        {
            using var page = await _api.ListAsync(Resource, _namespace, _options.PageSize, continueToken, ct).ConfigureAwait(false);
            var root = page.RootElement;
            if (root.TryGetProperty("metadata", out var meta))
            {
                // Each page carries the list's resourceVersion; the first page's is the snapshot the rest belong to.
                if (resourceVersion.Length == 0 && meta.TryGetProperty("resourceVersion", out var rv)) resourceVersion = rv.GetString() ?? "";
                continueToken = meta.TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token ? token : null;
            }
            else continueToken = null;
            if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (Read(item) is not { } obj) continue;
                    if (!fresh.TryGetValue(obj.Namespace, out var ns)) fresh[obj.Namespace] = ns = new Dictionary<string, CachedObject<T>>(StringComparer.Ordinal);
                    ns[obj.Name] = obj;
                }
            }
        }
        while (continueToken is not null);

        var changes = new List<CacheChange<T>>();
        lock (_gate)
        {
            foreach (var (ns, items) in _byNamespace)
                foreach (var (name, old) in items)
                    if (!fresh.TryGetValue(ns, out var now) || !now.ContainsKey(name)) changes.Add(new CacheChange<T>(CacheChangeType.Deleted, old, null));
            foreach (var (ns, items) in fresh)
                foreach (var (name, obj) in items)
                {
                    var old = _byNamespace.TryGetValue(ns, out var had) && had.TryGetValue(name, out var o) ? o : null;
                    if (old is null) changes.Add(new CacheChange<T>(CacheChangeType.Added, null, obj));
                    else if (old.ResourceVersion != obj.ResourceVersion) changes.Add(new CacheChange<T>(CacheChangeType.Modified, old, obj));
                }
            _byNamespace.Clear();
            _labels.Clear();
            int count = 0;
            foreach (var (ns, items) in fresh)
            {
                _byNamespace[ns] = items;
                foreach (var obj in items.Values) _labels.Add(ns, obj.Name, obj.Labels);
                count += items.Count;
            }
            Volatile.Write(ref _count, count);
            Interlocked.Increment(ref _revision);
        }
        Raise(changes);
        return resourceVersion;
    }

    /// <summary>Applies one watch until the server ends it; returns the last resourceVersion seen.</summary>
    private async Task<string> WatchAsync(string resourceVersion, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var watchdog = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), stall, _options.StallTimeout, Timeout.InfiniteTimeSpan);
        // Jittered as client-go's reflector does: watches of many caches do not all end in the same second.
        int timeout = (int)(_options.WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        try
        {
            await foreach (var e in _api.WatchAsync(Resource, _namespace, resourceVersion, Math.Max(1, timeout), stall.Token).ConfigureAwait(false))
            {
                using (e)
                {
                    watchdog.Change(_options.StallTimeout, Timeout.InfiniteTimeSpan);
                    switch (e.Type)
                    {
                        case "ADDED":
                        case "MODIFIED":
                            if (Read(e.Object) is { } obj) Apply(obj);
                            resourceVersion = ResourceVersionOf(e.Object) ?? resourceVersion;
                            break;
                        case "DELETED":
                            if (Read(e.Object) is { } gone) Remove(gone);
                            resourceVersion = ResourceVersionOf(e.Object) ?? resourceVersion;
                            break;
                        case "BOOKMARK":
                            resourceVersion = ResourceVersionOf(e.Object) ?? resourceVersion;
                            break;
                        case "ERROR":
                            // A Status object: 410 Expired means the resourceVersion fell out of the server's history.
                            int code = e.Object.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 0;
                            string message = e.Object.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
                            throw new KubeApiException((System.Net.HttpStatusCode)(code == 0 ? 500 : code),
                                e.Object.TryGetProperty("reason", out var r) ? r.GetString() : null, message, "watch", Resource.ToString());
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stall.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new WatchStalledException();
        }
        return resourceVersion;
    }

    private void Apply(CachedObject<T> obj)
    {
        CachedObject<T>? old;
        lock (_gate)
        {
            if (!_byNamespace.TryGetValue(obj.Namespace, out var items)) _byNamespace[obj.Namespace] = items = new Dictionary<string, CachedObject<T>>(StringComparer.Ordinal);
            if (items.TryGetValue(obj.Name, out old))
            {
                if (old.ResourceVersion == obj.ResourceVersion) return;
                _labels.Remove(obj.Namespace, obj.Name, old.Labels);
            }
            else Volatile.Write(ref _count, _count + 1);
            items[obj.Name] = obj;
            _labels.Add(obj.Namespace, obj.Name, obj.Labels);
            Interlocked.Increment(ref _revision);
        }
        Raise([new CacheChange<T>(old is null ? CacheChangeType.Added : CacheChangeType.Modified, old, obj)]);
    }

    private void Remove(CachedObject<T> obj)
    {
        CachedObject<T>? old;
        lock (_gate)
        {
            if (!_byNamespace.TryGetValue(obj.Namespace, out var items) || !items.Remove(obj.Name, out old)) return;
            _labels.Remove(obj.Namespace, obj.Name, old.Labels);
            Volatile.Write(ref _count, _count - 1);
            Interlocked.Increment(ref _revision);
        }
        Raise([new CacheChange<T>(CacheChangeType.Deleted, old, null)]);
    }

    private void Raise(List<CacheChange<T>> changes)
    {
        var handler = Changed;
        if (handler is null) return;
        foreach (var change in changes) handler(change);
    }

    private CachedObject<T>? Read(JsonElement obj)
    {
        if (!obj.TryGetProperty("metadata", out var meta) || meta.ValueKind != JsonValueKind.Object) return null;
        var name = meta.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (name is null) return null;
        var ns = meta.TryGetProperty("namespace", out var s) ? s.GetString() ?? "" : "";
        var uid = meta.TryGetProperty("uid", out var u) ? u.GetString() ?? "" : "";
        var rv = meta.TryGetProperty("resourceVersion", out var r) ? r.GetString() ?? "" : "";
        IReadOnlyDictionary<string, string> labels = EmptyLabels;
        if (meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in l.EnumerateObject()) if (p.Value.ValueKind == JsonValueKind.String) map[p.Name] = p.Value.GetString()!;
            labels = map;
        }
        T? value;
        try
        {
            value = _project(obj);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // One unreadable object must not stop the cache: it is skipped and said.
            Log.ObjectUnreadable(_log, Resource.ToString(), ns, name, e.Message);
            return null;
        }
        if (value is null) return null;
        return _shared is { } shared
            ? new CachedObject<T>(shared.String(ns), shared.String(name), shared.String(uid), rv, shared.StringMap(labels), value)
            : new CachedObject<T>(ns, name, uid, rv, labels, value);
    }

    private static string? ResourceVersionOf(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private sealed class WatchStalledException : Exception;
}
