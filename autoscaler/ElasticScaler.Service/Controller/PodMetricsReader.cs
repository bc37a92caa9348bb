using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.MetricSources;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// metrics.k8s.io PodMetrics, read once per namespace per sync slot and shared by every scaler of that namespace
/// synced in the slot (<see cref="SyncSlots"/>; HPA reads per object, so 100 scalers in a namespace would be 100
/// reads). A read is shared only within the slot it was made in, so each slot's syncs see what the metrics say at
/// that slot; and only for <see cref="ShareWindow"/>, so a sync off its slot (a scaler changed, its pods changed)
/// reads afresh. The one API read the service makes in steady state, as the HPA makes it each sync.
/// </summary>
public sealed class PodMetricsReader(KubeApi api, SourceCalls calls, SyncSlots slots, TimeSpan timeout, SharedValues? shared = null)
{
    /// <summary>
    /// How long a read is shared: enough for one slot's scalers of a namespace to pass through the work queue
    /// together; a scaler that waited longer reads again. Short, too, because the samples are let go after it.
    /// </summary>
    public static readonly TimeSpan ShareWindow = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<PodMetricsRead>> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _readAt = new(StringComparer.Ordinal);
    // Reads in the order they were made (so oldest first): what to let go of, without walking every namespace.
    private readonly Queue<(string Namespace, DateTimeOffset At)> _byAge = new();

    /// <summary>The namespaces whose last read is still held (a read is let go once it can no longer be shared).</summary>
    public int Held
    {
        get { lock (_gate) return _reads.Count; }
    }

    public Task<PodMetricsRead> ReadAsync(string ns, CancellationToken ct)
    {
        var now = calls.Time.GetUtcNow();
        lock (_gate)
        {
            DropStaleLocked(now);
            // A failed (or cancelled) read is not shared past its own sync: the next scaler tries again.
            if (_reads.TryGetValue(ns, out var read) && Shareable(ns, _readAt[ns], now)
                && !(read.IsCompleted && (!read.IsCompletedSuccessfully || read.Result.Error is not null)))
                return read;
            read = FetchAsync(ns, ct);
            _reads[ns] = read;
            _readAt[ns] = now;
            _byAge.Enqueue((ns, now));
            return read;
        }
    }

    private bool Shareable(string ns, DateTimeOffset readAt, DateTimeOffset now) => now - readAt < ShareWindow && readAt >= slots.Current(ns, now);

    /// <summary>
    /// Lets go of the reads no scaler may share any more: a stale read is replaced by the next sync anyway, and
    /// holding every namespace's samples until then is, at 100,000 pods, tens of megabytes kept for nothing.
    /// </summary>
    private void DropStaleLocked(DateTimeOffset now)
    {
        while (_byAge.TryPeek(out var oldest) && now - oldest.At >= ShareWindow)
        {
            _byAge.Dequeue();
            // Read again since (a newer entry follows in the queue), or still in flight: not this entry's to drop.
            if (_readAt.TryGetValue(oldest.Namespace, out var at) && at == oldest.At && _reads[oldest.Namespace].IsCompleted)
            {
                _reads.Remove(oldest.Namespace);
                _readAt.Remove(oldest.Namespace);
            }
        }
    }

    private async Task<PodMetricsRead> FetchAsync(string ns, CancellationToken ct)
    {
        // HPA's words: "unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: ..."
        const string fetchError = "unable to fetch metrics from resource metrics API: ";
        try
        {
            var samples = await calls.RunAsync(SourceCalls.Resource, timeout, $"{fetchError}no answer within {SourceCalls.Show(timeout)}", async token =>
            {
                JsonDocument doc;
                try
                {
                    doc = await api.ListAsync(ApiResource.PodMetrics, ns, 0, null, token).ConfigureAwait(false);
                }
                catch (Exception e) when (TransportFailures.FromKube(e, fetchError) is { } failure)
                {
                    throw failure;
                }
                using (doc)
                {
                    var samples = new Dictionary<string, PodMetricsSample>(StringComparer.Ordinal);
                    if (doc.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        int i = 0;
                        foreach (var item in items.EnumerateArray())
                        {
                            var read = KubernetesObjects.PodMetrics(item, $"items[{i++}]", shared);
                            if (read.Value is { } sample) samples[sample.PodName] = sample;
                        }
                    }
                    return samples;
                }
            }, ct).ConfigureAwait(false);
            return new PodMetricsRead(samples, null);
        }
        catch (MetricSourceException e)
        {
            return new PodMetricsRead(null, e.Message);
        }
    }
}

/// <summary>The PodMetrics of a namespace by pod name, or why they could not be read.</summary>
public sealed record PodMetricsRead(IReadOnlyDictionary<string, PodMetricsSample>? Samples, string? Error);
