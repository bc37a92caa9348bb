using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Cache;
using ElasticScaler.Service.Events;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.MetricSources;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using ElasticScaler.Service.Queue;
using k8s;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The controller: list+watch caches of ElasticScalers, Deployments, StatefulSets, Pods and Nodes; a work queue of
/// scaler keys fed by their changes, by their targets' template changes and by each sync's requeue time; N
/// workers that run <see cref="ScalerSync"/> while this instance leads. HPA's horizontal.go, for our resource.
/// </summary>
public sealed class ScalerController : IDisposable
{
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly KubeApi _api;
    private readonly LeaderGate _leader;
    private readonly SyncContext _sync;
    private readonly PrometheusClients _prometheusClients;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _scalersByTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _targetOfScaler = new(StringComparer.Ordinal);

    public ScalerController(Kubernetes client, ControllerOptions options, TimeProvider time, ILoggerFactory logs, ServiceMetrics metrics, string identity)
    {
        _options = options;
        _time = time;
        _log = logs.CreateLogger("ElasticScaler.Controller");
        Metrics = metrics;
        Identity = identity;
        _api = new KubeApi(client);
        var watch = new WatchOptions { WatchTimeout = options.WatchTimeout, StallTimeout = options.WatchStallTimeout };
        var cacheLog = logs.CreateLogger("ElasticScaler.Cache");
        var scalers = new ObjectCache<ScalerObject>(_api, ApiResource.ElasticScalers, options.Namespace, ScalerObject.Read, watch, time, cacheLog);
        var deployments = new ObjectCache<WorkloadObject>(_api, ApiResource.Deployments, options.Namespace, WorkloadObject.Read, watch, time, cacheLog);
        var statefulSets = new ObjectCache<WorkloadObject>(_api, ApiResource.StatefulSets, options.Namespace, WorkloadObject.Read, watch, time, cacheLog);
        // Pods and nodes of every namespace: ECS room is what every workload leaves free on a node. Pods are most of
        // what the service holds (100,000 at 5,000 scalers), so they share their repeated parts (labels, containers,
        // names) through one table with their cache entries and the PodMetrics samples.
        var shared = new SharedValues();
        var pods = new ObjectCache<PodState>(_api, ApiResource.Pods, null, e => KubernetesObjects.Pod(e, shared: shared).Value, watch, time, cacheLog, shared);
        var nodes = new ObjectCache<NodeState>(_api, ApiResource.Nodes, null, e => KubernetesObjects.Node(e).Value, watch, time, cacheLog, shared);
        View = new ClusterView(scalers, deployments, statefulSets, pods, nodes);
        Queue = new WorkQueue(time) { Waited = wait => metrics.QueueWait.Observe(wait.TotalSeconds) };
        Actuator = new Actuator(_api);
        Status = new StatusWriter(_api);
        Events = new EventRecorder(_api, time, "elasticscaler", identity, logs.CreateLogger<EventRecorder>());
        _leader = new LeaderGate(client, options, identity, _log);
        var calls = new SourceCalls(metrics, time);
        var discovery = new ApiDiscovery(_api);
        var customMetrics = new CustomMetricsApi(_api, calls, options.MetricsApiTimeout);
        _prometheusClients = new PrometheusClients();
        var reads = new MetricReads(
            new PodsMetricReader(customMetrics, calls),
            new ObjectMetricReader(customMetrics, discovery, calls),
            new ExternalMetricReader(_api, calls, options.MetricsApiTimeout),
            new PrometheusMetricReader(calls, new SecretReader(_api, time, options.SyncPeriod), _prometheusClients, logs.CreateLogger("ElasticScaler.MetricSources")));
        var slots = new SyncSlots(options.SyncPeriod);
        _sync = new SyncContext(View, Actuator, Status, Events, metrics, new PodMetricsReader(_api, calls, slots, options.MetricsApiTimeout, shared),
            reads, new ScaleTargets(_api, discovery), new ScalerMemories(), options, SettingsOf(options), time,
            options.DumpDir is { } dir ? new SnapshotDump(dir) : null)
        {
            ScalersOfTarget = ScalersOfTarget,
            Slots = slots,
        };

        scalers.Changed += OnScalerChanged;
        deployments.Changed += OnWorkloadChanged;
        statefulSets.Changed += OnWorkloadChanged;
        foreach (var cache in new ICountedCache[] { new Counted<ScalerObject>(scalers), new Counted<WorkloadObject>(deployments),
                     new Counted<WorkloadObject>(statefulSets), new Counted<PodState>(pods), new Counted<NodeState>(nodes) })
            cache.OnRestart(reason => metrics.WatchRestarts.WithLabels(cache.Name, reason).Inc());
        _leader.LeadershipChanged += leading =>
        {
            metrics.Leader.Set(leading ? 1 : 0);
            // What we remembered as leader may be stale when we lead again: start over from cluster state, as a new leader does.
            if (!leading)
            {
                _sync.Memories.Clear();
                metrics.ForgetScalers();
            }
        };
    }

    public ClusterView View { get; }
    public WorkQueue Queue { get; }
    public Actuator Actuator { get; }
    public StatusWriter Status { get; }
    public EventRecorder Events { get; }
    public ServiceMetrics Metrics { get; }
    public string Identity { get; }
    public bool IsLeading => _leader.IsLeading;
    /// <summary>Every cache has listed once (the /readyz answer).</summary>
    public bool Ready => View.HasSynced;
    public long Syncs => Interlocked.Read(ref _syncs);
    private long _syncs;

    /// <summary>Runs the caches, and the workers while leading, until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var caches = new[]
        {
            View.Scalers.RunAsync(ct), View.Deployments.RunAsync(ct), View.StatefulSets.RunAsync(ct), View.Pods.RunAsync(ct), View.Nodes.RunAsync(ct),
        };
        var leading = _leader.RunAsync(LeadAsync, ct);
        try
        {
            await Task.WhenAll([.. caches, leading]).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            Queue.ShutDown();
        }
    }

    /// <summary>While leading: wait for the caches, queue every scaler once, and run the workers.</summary>
    private async Task LeadAsync(CancellationToken ct)
    {
        await View.Synced.WaitAsync(ct).ConfigureAwait(false);
        Log.Leading(_log, Identity, View.Scalers.Count, _options.Workers);
        foreach (var s in View.Scalers.List()) Queue.Add(s.Key);
        var workers = Enumerable.Range(0, _options.Workers).Select(_ => WorkAsync(ct)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            string? key;
            try
            {
                key = await Queue.TakeAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (key is null) return;
            Metrics.QueueDepth.Set(Queue.Depth);
            ExportCacheSizes();
            var started = _time.GetTimestamp();
            try
            {
                using var scope = _log.BeginScope(new Dictionary<string, object> { ["namespace"] = key[..key.IndexOf('/')], ["name"] = key[(key.IndexOf('/') + 1)..] });
                var sync = new ScalerSync(_sync);
                var next = await sync.SyncAsync(key, ct).ConfigureAwait(false);
                Log.Synced(_log, key, _time.GetElapsedTime(started), next);
                Queue.Forget(key);
                if (next is { } after) Queue.AddAfter(key, after);
                if (!sync.Refused) Metrics.Reconciles.WithLabels("ok", "none").Inc(); // a refusal counted itself as an error
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // leadership lost or stopping; the finally releases the key
            }
            catch (Exception e) when (e is SyncFailedException or KubeApiException or HttpRequestException or IOException or TwinNotReadyException or TaskCanceledException)
            {
                var delay = Queue.AddRateLimited(key);
                Metrics.Reconciles.WithLabels("error", "internal").Inc();
                Log.SyncFailed(_log, key, delay, e.Message);
            }
            finally
            {
                Metrics.ReconcileDuration.Observe(_time.GetElapsedTime(started).TotalSeconds);
                Interlocked.Increment(ref _syncs);
                Queue.Done(key);
            }
        }
    }

    private void ExportCacheSizes()
    {
        foreach (var (name, count) in new[]
                 {
                     (View.Scalers.Resource.ToString(), View.Scalers.Count), (View.Deployments.Resource.ToString(), View.Deployments.Count),
                     (View.StatefulSets.Resource.ToString(), View.StatefulSets.Count), (View.Pods.Resource.ToString(), View.Pods.Count),
                     (View.Nodes.Resource.ToString(), View.Nodes.Count),
                 })
            Metrics.CachedObjects.WithLabels(name).Set(count);
    }

    private void OnScalerChanged(CacheChange<ScalerObject> change)
    {
        var key = change.Object.Key;
        UpdateTargetIndex(key, change.New?.Value);
        if (change.Type == CacheChangeType.Modified && !ScalerObject.NeedsSync(change.Old!.Value, change.New!.Value)) return;
        Queue.Add(key);
    }

    private void OnWorkloadChanged(CacheChange<WorkloadObject> change)
    {
        // Replica counts are read at the next sync, as HPA does; a new, deleted or re-templated workload is acted on now.
        if (change.Type == CacheChangeType.Modified && change.Old!.Value.TemplateHash == change.New!.Value.TemplateHash) return;
        var obj = change.Object;
        var targetKey = $"{obj.Namespace}/{obj.Value.Kind}/{obj.Name}";
        foreach (var scaler in ScalersOfTarget(targetKey)) Queue.Add(scaler);
        if (obj.Labels.TryGetValue(TwinWorkload.ScalerLabel, out var owner)) Queue.Add($"{obj.Namespace}/{owner}");
    }

    private void UpdateTargetIndex(string scalerKey, ScalerObject? scaler)
    {
        string? target = null;
        if (scaler is { Spec.ValueKind: JsonValueKind.Object } s && s.Spec.TryGetProperty("scaleTargetRef", out var r)
            && r.TryGetProperty("kind", out var kind) && r.TryGetProperty("name", out var name))
            target = $"{scalerKey[..scalerKey.IndexOf('/')]}/{kind.GetString()}/{name.GetString()}";
        HashSet<string>? rivals = null;
        lock (_gate)
        {
            if (_targetOfScaler.TryGetValue(scalerKey, out var old) && old != target && _scalersByTarget.TryGetValue(old, out var set))
            {
                set.Remove(scalerKey);
                rivals = [.. set]; // the others on the old target may no longer be ambiguous
                if (set.Count == 0) _scalersByTarget.Remove(old);
            }
            if (target is null) _targetOfScaler.Remove(scalerKey);
            else
            {
                _targetOfScaler[scalerKey] = target;
                if (!_scalersByTarget.TryGetValue(target, out var now)) _scalersByTarget[target] = now = new HashSet<string>(StringComparer.Ordinal);
                if (now.Add(scalerKey) && now.Count > 1) rivals = [.. rivals ?? [], .. now.Where(k => k != scalerKey)];
            }
        }
        foreach (var rival in rivals ?? []) Queue.Add(rival);
    }

    private IReadOnlyCollection<string> ScalersOfTarget(string targetKey)
    {
        lock (_gate) return _scalersByTarget.TryGetValue(targetKey, out var set) ? [.. set] : [];
    }

    /// <summary>The engine's controller-wide settings, HPA's kube-controller-manager flags, from the options.</summary>
    public static ControllerSettings SettingsOf(ControllerOptions o) => new()
    {
        Tolerance = o.Tolerance,
        CpuInitializationPeriod = o.CpuInitializationPeriod,
        InitialReadinessDelay = o.InitialReadinessDelay,
        DownscaleStabilization = o.DownscaleStabilization,
        SyncPeriod = o.SyncPeriod,
    };

    public void Dispose()
    {
        Queue.Dispose();
        _prometheusClients.Dispose();
        _api.Dispose();
    }

    private interface ICountedCache
    {
        string Name { get; }
        void OnRestart(Action<string> handler);
    }

    private sealed class Counted<T>(ObjectCache<T> cache) : ICountedCache where T : class
    {
        public string Name => cache.Resource.ToString();
        public void OnRestart(Action<string> handler) => cache.Restarted += handler;
    }
}
