using System.Threading.Channels;
using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Cluster.Eci;
using ElasticScaler.Sim.Cluster.Kubelet;
using ElasticScaler.Sim.Cluster.Nodes;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Cluster.Scheduling;
using ElasticScaler.Sim.Cluster.Workloads;

namespace ElasticScaler.Sim.Cluster;

/// <summary>
/// The sim API server plus the cluster behind it: <c>await using var c = await SimulatedCluster.StartAsync(options)</c>.
/// Controllers (deployments, replica sets, stateful sets, jobs, scheduler, kubelets, endpoints, node heartbeats, cost meter) run in
/// process on the store, woken by every store change and by a tick of the cluster's TimeProvider; with
/// RunControllers off, tests drive them with <see cref="Settle"/> after advancing a FakeTimeProvider.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private static readonly string[] WatchedKeys = ["pods", "nodes", "namespaces", "services", "deployments.apps", "replicasets.apps", "statefulsets.apps", "jobs.batch"];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly DeploymentController _deployments;
    private readonly ReplicaSetController _replicaSets;
    private readonly StatefulSetController _statefulSets;
    private readonly JobController _jobs;
    private readonly SchedulerController _scheduler;
    private readonly KubeletController _kubelet;
    private readonly EndpointsController _endpoints;

    private SimulatedCluster(SimCluster api, ClusterOptions options)
    {
        Api = api;
        Options = options;
        Context = new ClusterContext(api.Resources, options);
        Nodes = new NodeController(Context);
        EciQuota = new EciQuota(options.EciCreationsPerMinute);
        Cost = new CostMeter(options.Prices);
        _deployments = new DeploymentController(Context);
        _replicaSets = new ReplicaSetController(Context);
        _statefulSets = new StatefulSetController(Context);
        _jobs = new JobController(Context);
        _scheduler = new SchedulerController(Context);
        _kubelet = new KubeletController(Context, Nodes, EciQuota, api.Logs);
        _endpoints = new EndpointsController(Context);
    }

    /// <summary>The API server (kubeconfigs, address, in-process Resources, metrics, faults).</summary>
    public SimCluster Api { get; }
    public ClusterOptions Options { get; }
    public ClusterContext Context { get; }
    /// <summary>Add, cordon, drain and remove nodes while running.</summary>
    public NodeController Nodes { get; }
    public EciQuota EciQuota { get; }
    public CostMeter Cost { get; }
    /// <summary>Background passes that threw (the loop carries on); the last exception, for tests and diagnostics.</summary>
    public int FailedPasses => Volatile.Read(ref _failedPasses);
    public Exception? LastFailure { get; private set; }
    private int _failedPasses;

    public static async Task<SimulatedCluster> StartAsync(ClusterOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ClusterOptions();
        options.Validate();
        // Either side may name the seed (the CLI fills SimOptions.Preset); both must agree for the API server's bootstrap.
        var preset = options.Preset != "empty" ? options.Preset : options.Sim.Preset;
        options = options with { Preset = preset, Sim = options.Sim with { Preset = preset } };
        var api = await SimCluster.StartAsync(options.Sim, ct);
        var cluster = new SimulatedCluster(api, options);
        var pools = options.Preset == "seed" ? SeedPreset.Pools : options.Pools;
        // A restored state (--persist) already holds the nodes and workloads: adopt them instead of adding more.
        if (cluster.Nodes.AdoptExisting(pools) == 0)
        {
            if (options.Preset == "seed")
                SeedPreset.Apply(cluster.Context, cluster.Nodes);
            else
                foreach (var pool in options.Pools)
                    cluster.Nodes.AddNodes(pool, pool.Count);
        }
        if (options.RunControllers)
            cluster.StartLoops();
        return cluster;
    }

    /// <summary>One pass of every controller, in dependency order.</summary>
    public void ReconcileOnce()
    {
        lock (_gate)
        {
            Nodes.Reconcile();
            _deployments.Reconcile();
            _replicaSets.Reconcile();
            _statefulSets.Reconcile();
            _jobs.Reconcile();
            _scheduler.Reconcile();
            _kubelet.Reconcile();
            _endpoints.Reconcile();
            ObserveCost();
        }
    }

    /// <summary>Runs passes until one changes nothing in the store (at most <paramref name="maxPasses"/>); returns the passes run.</summary>
    public int Settle(int maxPasses = 100)
    {
        for (var i = 1; i <= maxPasses; i++)
        {
            var before = Api.Store.Revision;
            ReconcileOnce();
            if (Api.Store.Revision == before)
                return i;
        }
        return maxPasses;
    }

    private void ObserveCost()
    {
        var nodes = Context.List(Context.Nodes);
        var virtualNodes = nodes.Where(n => AckLabels.IsVirtualNode(K8sJson.Labels(n))).Select(K8sJson.Name).ToHashSet(StringComparer.Ordinal);
        var ecs = nodes.Where(n => !virtualNodes.Contains(K8sJson.Name(n)))
            .Select(n => new EcsNodeUsage(K8sJson.Name(n), Nodes.PoolOf(K8sJson.Name(n))?.Billing ?? Billing.PayAsYouGo)).ToList();
        var eci = Context.List(Context.Pods)
            .Where(p => virtualNodes.Contains((string?)p["spec"]?["nodeName"] ?? "") && p["status"]?["startTime"] is not null)
            .Select(p =>
            {
                var r = PodFacts.TryRequestsOf(p, nonZero: false) ?? Resources.Zero;
                return new EciPodUsage(K8sJson.Uid(p), r.CpuMillis, r.MemoryBytes);
            }).ToList();
        Cost.Observe(Context.Now, ecs, eci);
    }

    private void StartLoops()
    {
        foreach (var key in WatchedKeys)
            _loops.Add(Task.Run(() => Pump(key, _stop.Token)));
        _loops.Add(Task.Run(() => Run(_stop.Token)));
    }

    /// <summary>Turns store changes of one kind into wake-ups; resubscribes if the watch is dropped (fault injection).</summary>
    private async Task Pump(string key, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var (sub, _) = Api.Store.Watch(key, null, 0);
            using (sub)
            {
                try
                {
                    await foreach (var _ in sub.Events.ReadAllAsync(ct))
                        _wake.Writer.TryWrite(true);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            _wake.Writer.TryWrite(true);
        }
    }

    private async Task Run(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                Settle();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever a controller tripped on (an object it cannot read, a bug), the loop must not die silently:
                // report it, count it, and try again at the next wake, as a crash-looping controller would.
                Interlocked.Increment(ref _failedPasses);
                LastFailure = e;
                await Console.Error.WriteLineAsync($"sim cluster: controller pass failed: {e.GetType().Name}: {e.Message}");
            }
            while (_wake.Reader.TryRead(out _))
            {
            }
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var delay = Task.Delay(Options.Tick, Options.Time, tick.Token);
                var woken = _wake.Reader.WaitToReadAsync(tick.Token).AsTask();
                await Task.WhenAny(delay, woken);
                await tick.CancelAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        await Api.DisposeAsync();
    }
}
