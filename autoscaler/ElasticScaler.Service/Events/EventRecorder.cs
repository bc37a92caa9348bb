using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Service.Kube;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Events;

/// <summary>The object an event is about, as core/v1 ObjectReference names it.</summary>
public sealed record InvolvedObject(string ApiVersion, string Kind, string Namespace, string Name, string Uid);

/// <summary>
/// Writes core/v1 Events and deduplicates them as client-go's recorder does: the same object, type, reason and
/// message again is one Event with its <c>count</c> and <c>lastTimestamp</c> moved (a PATCH), not a new object.
/// A failed event write is logged and never fails the sync that recorded it.
/// </summary>
public sealed class EventRecorder(KubeApi api, TimeProvider time, string component, string instance, ILogger<EventRecorder> log)
{
    /// <summary>client-go's eventCache holds 4096 entries; so does ours.</summary>
    private const int Capacity = 4096;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Uid, string Type, string Reason, string Message), LinkedListNode<Entry>> _seen = [];
    private readonly LinkedList<Entry> _order = new();
    private long _sequence;

    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>Events written (new objects and count bumps), for tests and metrics.</summary>
    public long Written => Interlocked.Read(ref _written);
    private long _written;

    public async Task RecordAsync(InvolvedObject target, string type, string reason, string message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = (target.Uid, type, reason, message);
        Entry? existing;
        lock (_gate)
        {
            existing = _seen.TryGetValue(key, out var node) ? node.Value : null;
            if (node is not null)
            {
                _order.Remove(node);
                _order.AddFirst(node);
            }
        }
        try
        {
            if (existing is not null)
            {
                int count = existing.Count + 1;
                var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = Rfc3339(now) };
                try
                {
                    await api.MergePatchAsync(ApiResource.Events.ObjectPath(target.Namespace, existing.Name), patch, ct).ConfigureAwait(false);
                    existing.Count = count;
                    Interlocked.Increment(ref _written);
                    return;
                }
                catch (KubeApiException e) when (e.IsNotFound)
                {
                    // The event expired on the server (event TTL): start a new one.
                }
            }
            var name = $"{target.Name}.{now.ToUnixTimeMilliseconds():x}{Interlocked.Increment(ref _sequence):x}";
            var ev = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = target.Namespace },
                ["involvedObject"] = new JsonObject
                {
                    ["apiVersion"] = target.ApiVersion,
                    ["kind"] = target.Kind,
                    ["namespace"] = target.Namespace,
                    ["name"] = target.Name,
                    ["uid"] = target.Uid,
                },
                ["reason"] = reason,
                ["message"] = message,
                ["type"] = type,
                ["source"] = new JsonObject { ["component"] = component },
                ["reportingComponent"] = component,
                ["reportingInstance"] = instance,
                ["firstTimestamp"] = Rfc3339(now),
                ["lastTimestamp"] = Rfc3339(now),
                ["count"] = 1,
            };
            await api.CreateAsync(ApiResource.Events.CollectionPath(target.Namespace), ev, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _written);
            lock (_gate)
            {
                if (_seen.Remove(key, out var stale)) _order.Remove(stale);
                _seen[key] = _order.AddFirst(new Entry(key, name) { Count = 1 });
                while (_seen.Count > Capacity && _order.Last is { } last)
                {
                    _order.RemoveLast();
                    _seen.Remove(last.Value.Key);
                }
            }
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException)
        {
            Log.EventFailed(log, target.Namespace, target.Name, reason, e.Message);
        }
    }

    internal static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Entry((string, string, string, string) key, string name)
    {
        public (string Uid, string Type, string Reason, string Message) Key { get; } = key;
        public string Name { get; } = name;
        public int Count { get; set; }
    }
}
