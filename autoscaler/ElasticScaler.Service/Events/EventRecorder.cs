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
/// A repeat is written at once the first time (the event shows it recurs), then at most once per
/// <see cref="RepeatInterval"/>, carrying every repeat folded in since: a warning that holds sync after sync (a metric
/// that cannot be read) would otherwise cost a PATCH per scaler per sync, forever. client-go bounds the same cost
/// with its spam filter (25 events per object, then one per 5 minutes) but drops what it filters, other reasons
/// included; folding keeps every distinct event immediate and the count exact up to the last write.
/// A failed event write is logged and never fails the sync that recorded it.
/// </summary>
public sealed class EventRecorder(KubeApi api, TimeProvider time, string component, string instance, ILogger<EventRecorder> log)
{
    /// <summary>client-go's eventCache holds 4096 entries; so does ours.</summary>
    private const int Capacity = 4096;

    /// <summary>How often a repeating event's count is written: client-go's spam filter refills one event per 5 minutes.</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromMinutes(5);
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
                lock (_gate)
                {
                    // Folded: counted, written with the next repeat after the interval.
                    if (existing.Count > 1 && now - existing.WrittenAt < RepeatInterval)
                    {
                        existing.Folded++;
                        return;
                    }
                }
                int count = existing.Count + existing.Folded + 1;
                var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = Rfc3339(now) };
                try
                {
                    await api.MergePatchAsync(ApiResource.Events.ObjectPath(target.Namespace, existing.Name), patch, ct).ConfigureAwait(false);
                    lock (_gate)
                    {
                        existing.Count = count;
                        existing.Folded = 0;
                        existing.WrittenAt = now;
                    }
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
                _seen[key] = _order.AddFirst(new Entry(key, name) { Count = 1, WrittenAt = now });
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
        /// <summary>The count the server has.</summary>
        public int Count { get; set; }
        /// <summary>Repeats since the last write, not yet on the server.</summary>
        public int Folded { get; set; }
        public DateTimeOffset WrittenAt { get; set; }
    }
}
