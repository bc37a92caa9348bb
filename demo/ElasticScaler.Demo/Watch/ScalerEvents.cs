using System.Collections.Concurrent;
using ElasticScaler.Demo.Dashboard;
using k8s;

namespace ElasticScaler.Demo.Watch;

/// <summary>
/// The ElasticScalers' Events in the namespace (what <c>kubectl describe es</c> lists), through a watch with a field
/// selector on the involved kind; a repeated event (its count raised) is shown again.
/// </summary>
public sealed class ScalerEvents(Kubernetes client, string ns, Func<double> clock, Action<DemoEvent> onEvent)
{
    private readonly ConcurrentDictionary<string, int> _seen = new();

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var watch = client.CoreV1.WatchListNamespacedEventAsync(ns, fieldSelector: "involvedObject.kind=ElasticScaler",
                    timeoutSeconds: 300, cancellationToken: ct);
                await foreach (var (type, ev) in watch.ConfigureAwait(false))
                {
                    if (type is not (WatchEventType.Added or WatchEventType.Modified) || ev.Metadata?.Name is not { } name)
                        continue;
                    var count = ev.Count ?? 1;
                    if (_seen.TryGetValue(name, out var before) && before >= count)
                        continue;
                    _seen[name] = count;
                    onEvent(new DemoEvent(clock(), ev.Reason ?? "", ev.Message ?? ""));
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or KubernetesException)
            {
                await Task.Delay(500, ct).ConfigureAwait(false);
            }
        }
    }
}
