using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace ElasticScaler.Demo.Watch;

/// <summary>A pod the cluster started deleting: when (seconds on the demo's clock), which, and from which pool.</summary>
public sealed record PodDeletion(double T, string Name, Pool Pool);

/// <summary>
/// The namespace's pods through list+watch (resumed from the last resourceVersion, relisted on 410): their counts by
/// place at any moment, and every deletion in the order the cluster made it, to show scale-in releasing ECI first.
/// </summary>
public sealed class PodWatch(Kubernetes client, string ns, Func<double> clock)
{
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new();
    private readonly ConcurrentQueue<PodDeletion> _deletions = new();
    private readonly ConcurrentDictionary<string, byte> _deleting = new();
    private HashSet<string> _virtualNodes = [];

    public PodCounts Counts => PodCensus.Count(_pods.Values, _virtualNodes);

    public IReadOnlyList<PodDeletion> Deletions => [.. _deletions];

    public async Task RunAsync(CancellationToken ct)
    {
        _virtualNodes = PodCensus.VirtualNodes((await client.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)).Items);
        string? resourceVersion = null;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    var list = await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct).ConfigureAwait(false);
                    var names = list.Items.Select(p => p.Metadata.Name).ToHashSet();
                    foreach (var gone in _pods.Keys.Where(k => !names.Contains(k)).ToList())
                        Remove(gone);
                    foreach (var pod in list.Items)
                        Upsert(pod);
                    resourceVersion = list.Metadata.ResourceVersion;
                }
                var watch = client.CoreV1.WatchListNamespacedPodAsync(ns, resourceVersion: resourceVersion, allowWatchBookmarks: true,
                    timeoutSeconds: 300, cancellationToken: ct);
                await foreach (var (type, pod) in watch.ConfigureAwait(false))
                {
                    resourceVersion = pod.Metadata?.ResourceVersion ?? resourceVersion;
                    switch (type)
                    {
                        case WatchEventType.Added or WatchEventType.Modified when pod.Metadata is not null:
                            Upsert(pod);
                            break;
                        case WatchEventType.Deleted:
                            Remove(pod.Metadata?.Name ?? "", pod);
                            break;
                        case WatchEventType.Error:
                            resourceVersion = null;
                            break;
                    }
                    if (resourceVersion is null)
                        break;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or KubernetesException)
            {
                // A watch that failed (410 Gone, a dropped connection) relists, as client-go's reflector does.
                resourceVersion = null;
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    private void Upsert(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
            NoteDeletion(pod);
        _pods[pod.Metadata.Name] = pod;
    }

    private void Remove(string name, V1Pod? last = null)
    {
        if (_pods.TryRemove(name, out var known))
            NoteDeletion(last ?? known);
    }

    private void NoteDeletion(V1Pod pod)
    {
        if (_deleting.TryAdd(pod.Metadata.Uid ?? pod.Metadata.Name, 0))
            _deletions.Enqueue(new PodDeletion(clock(), pod.Metadata.Name, PodCensus.PoolOf(pod, _virtualNodes)));
    }
}
