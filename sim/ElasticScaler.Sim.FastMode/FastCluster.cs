using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Eci;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// Fast mode's cluster: ECS nodes with room by requests, one virtual ECI node, a first-fit scheduler (most free
/// cpu first), kubelet start-up delays per pool with seeded jitter, readiness after the probe delay, graceful
/// termination, the ECI creation quota, and the Service whose endpoints are the Ready pods. The workload is the
/// twin design's two parts, each kept at its replica count by <see cref="Reconcile"/> as its ReplicaSet would: the
/// target (ECS: its pods wait Pending when no ECS node has room) and the twin (ECI: its pods select the virtual
/// node; with <see cref="FastModeOptions.VirtualNodeOverflow"/>, the target's pods that fit no ECS node go there too, as
/// the seed's virtual node took them). Advanced by <see cref="Step"/>; reads no clock.
/// </summary>
public sealed class FastCluster
{
    public const string VirtualNode = $"{AckLabels.VirtualKubelet}-cn-hangzhou-i";
    public const string AppLabel = "wordpress";

    private readonly FastModeOptions _o;
    private readonly Random _random;
    private readonly List<FastPod> _pods = [];
    private readonly Queue<DateTimeOffset> _eciCreations = new();
    private readonly double[] _nodeFreeCpu, _nodeFreeMemory;
    private readonly int[] _nodePods;
    private int _nextPod;

    public FastCluster(FastModeOptions options)
    {
        _o = options;
        _random = new Random(options.Seed);
        Service = new ServiceLoad(options.Load);
        EcsNodeUsage = [.. Enumerable.Range(0, options.EcsNodes).Select(i => new EcsNodeUsage(NodeName(i), Billing.PayAsYouGo))];
        _nodeFreeCpu = new double[options.EcsNodes];
        _nodeFreeMemory = new double[options.EcsNodes];
        _nodePods = new int[options.EcsNodes];
        for (int i = 0; i < options.EcsNodes; i++)
        {
            _nodeFreeCpu[i] = options.NodeCpu - options.NodeOtherCpu;
            _nodeFreeMemory[i] = options.NodeMemoryGib - options.NodeOtherMemoryGib;
        }
    }

    public ServiceLoad Service { get; }
    public IReadOnlyList<FastPod> Pods => _pods;
    public static string NodeName(int i) => $"ecs-node-{i + 1}";

    /// <summary>The ECS nodes, billed whole for every second (pay-as-you-go).</summary>
    public IReadOnlyList<EcsNodeUsage> EcsNodeUsage { get; }

    /// <summary>The ECI pods billed now (started, not yet gone), by requested cpu and memory.</summary>
    public IReadOnlyList<EciPodUsage> EciPodUsage(DateTimeOffset now)
    {
        var list = new List<EciPodUsage>();
        foreach (var p in _pods)
            if (p.OnVirtualNode && p.Running(now))
                list.Add(new EciPodUsage(p.Name, (long)Math.Round(_o.PodCpu * 1000), (long)Math.Round(_o.PodMemoryGib * (1L << 30))));
        return list;
    }

    /// <summary>Pod-seconds run on ECI so far (billed from start until gone).</summary>
    public double EciPodSeconds { get; private set; }

    /// <summary>
    /// One part's ReplicaSet: keeps <paramref name="replicas"/> active pods of <paramref name="part"/> (ECS: the
    /// target's, ECI: the twin's), creating the missing ones (scheduled on the next step) and deleting the surplus
    /// in Core's <see cref="DeletionRanking"/> order, ranked against the part's own pods, as the sim's ReplicaSet
    /// controller ranks against its Deployment's. Nothing else removes a pod here, so reconciling at each write of
    /// a count is the whole of the controller's work.
    /// </summary>
    public void Reconcile(PlacementPool part, int replicas, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var active = _pods.Where(p => p.Pool == part).Select(p => State(p, now)).Where(DeletionRanking.IsActive).ToList();
        for (int i = active.Count; i < replicas; i++) Create(part, now);
        if (active.Count <= replicas) return;
        foreach (var victim in DeletionRanking.Victims(active, DeletionRanking.PodsPerNode(active), active.Count - replicas, now))
            Delete(victim.Name, now);
    }

    /// <summary>Creates a pod of the part; it is scheduled on the next step.</summary>
    private void Create(PlacementPool part, DateTimeOffset now) => _pods.Add(new FastPod($"{AppLabel}-{_nextPod++:D5}", part, now));

    /// <summary>Starts graceful termination: the pod leaves the endpoints now and is gone once it has answered what it holds.</summary>
    private void Delete(string name, DateTimeOffset now)
    {
        var pod = _pods.Find(p => p.Name == name && p.DeletedAt is null);
        if (pod is null) return;
        pod.DeletedAt = now;
        if (pod.Load is not null) Service.Set(pod.Load, ready: false);
        if (pod.RunningAt is null || pod.RunningAt > now) Remove(pod, now);   // nothing to drain
    }

    /// <summary>Advances the cluster to <paramref name="now"/>: schedules, starts, readies and removes pods, bills ECI.</summary>
    public void Step(DateTimeOffset now, TimeSpan elapsed)
    {
        while (_eciCreations.Count > 0 && now - _eciCreations.Peek() >= TimeSpan.FromMinutes(1)) _eciCreations.Dequeue();
        foreach (var pod in _pods.ToArray())
        {
            if (pod.OnVirtualNode && pod.Running(now)) EciPodSeconds += elapsed.TotalSeconds;
            if (pod.DeletedAt is { } deleted)
            {
                if (pod.Load is null || pod.Load.Outstanding(now) == 0 || now - deleted >= _o.TerminationGrace) Remove(pod, now);
                continue;
            }
            if (pod.ScheduledAt is null) Schedule(pod, now);
            if (pod.RunningAt is { } running && running <= now && pod.Load is null)
                pod.Load = new PodLoad("wordpress", pod.Name, pod.NodeName, _o.PodCpu, _o.Load, running, AppLabel);
            if (!pod.InService && pod.Ready(now) && pod.Load is not null)
            {
                Service.Set(pod.Load, ready: true);
                pod.InService = true;
            }
        }
    }

    private void Schedule(FastPod pod, DateTimeOffset now)
    {
        if (pod.Pool == PlacementPool.Eci)
        {
            BindEci(pod, now);
            return;
        }
        int best = -1;
        for (int i = 0; i < _nodeFreeCpu.Length; i++)
        {
            if (_nodeFreeCpu[i] + 1e-9 < _o.PodCpu || _nodeFreeMemory[i] + 1e-9 < _o.PodMemoryGib || _nodePods[i] >= _o.NodeMaxPods) continue;
            if (best < 0 || _nodeFreeCpu[i] > _nodeFreeCpu[best] + 1e-9) best = i;
        }
        if (best < 0)
        {
            if (_o.VirtualNodeOverflow) BindEci(pod, now);
            else pod.UnschedulableSince ??= now;
            return;
        }
        _nodeFreeCpu[best] -= _o.PodCpu;
        _nodeFreeMemory[best] -= _o.PodMemoryGib;
        _nodePods[best]++;
        Bind(pod, NodeName(best), now, _o.EcsStartup);
    }

    /// <summary>Onto the virtual node, within the ECI creation quota; past it the pod waits Pending.</summary>
    private void BindEci(FastPod pod, DateTimeOffset now)
    {
        if (_eciCreations.Count >= _o.EciCreatesPerMinute)
        {
            pod.UnschedulableSince ??= now;
            return;
        }
        _eciCreations.Enqueue(now);
        Bind(pod, VirtualNode, now, _o.EciStartup);
    }

    private void Bind(FastPod pod, string node, DateTimeOffset now, TimeSpan startup)
    {
        pod.NodeName = node;
        pod.ScheduledAt = now;
        pod.UnschedulableSince = null;
        double jitter = 1 + _o.StartupJitter * (2 * _random.NextDouble() - 1);
        pod.RunningAt = now + startup * jitter;
        pod.ReadyAt = pod.RunningAt + _o.ReadinessDelay;
    }

    private void Remove(FastPod pod, DateTimeOffset now)
    {
        _pods.Remove(pod);
        if (pod.Load is not null) Service.Remove(pod.Name, now);
        if (pod.NodeName is { } node && node != VirtualNode)
        {
            int i = int.Parse(node["ecs-node-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1;
            _nodeFreeCpu[i] += _o.PodCpu;
            _nodeFreeMemory[i] += _o.PodMemoryGib;
            _nodePods[i]--;
        }
    }

    /// <summary>Pods Ready now (the Service's endpoints).</summary>
    public int ReadyPods(DateTimeOffset now)
    {
        int n = 0;
        foreach (var p in _pods) if (p.Ready(now)) n++;
        return n;
    }

    /// <summary>The pods as the service's informer would hand them to the engine.</summary>
    public IReadOnlyList<PodState> PodStates(DateTimeOffset now)
    {
        var list = new List<PodState>(_pods.Count);
        foreach (var p in _pods) list.Add(State(p, now));
        return list;
    }

    private PodState State(FastPod p, DateTimeOffset now)
    {
        bool running = p.Running(now);
        bool ready = p.ReadyAt is { } r && r <= now;
        return new PodState
        {
            Name = p.Name,
            Phase = running ? PodPhase.Running : PodPhase.Pending,
            CreationTimestamp = p.CreatedAt,
            DeletionTimestamp = p.DeletedAt,
            StartTime = p.ScheduledAt,
            Ready = new PodCondition(ready, ready ? p.ReadyAt : p.CreatedAt),
            Scheduled = p.ScheduledAt is { } s ? new PodCondition(true, s)
                : p.UnschedulableSince is { } u ? new PodCondition(false, u, "Unschedulable", "0/" + (_o.EcsNodes + 1) + " nodes are available") : null,
            Containers = [new ContainerRequests { Name = AppLabel, Requests = Requests() }],
            NodeName = p.NodeName,
            // The twin's pods: the target's labels plus its pool label and, on ACK (this virtual node is ACK's), the
            // ECI label, and the virtual node's selector, as TwinWorkload builds its template.
            Labels = p.Pool == PlacementPool.Eci ? EciPodLabels : EcsPodLabels,
            NodeSelector = p.Pool == PlacementPool.Eci ? EciNodeSelector : null,
        };
    }

    private static readonly Dictionary<string, string> EcsPodLabels = new() { ["app"] = AppLabel };
    private static readonly Dictionary<string, string> EciPodLabels = new()
    {
        ["app"] = AppLabel,
        [AckLabels.PoolLabel] = AckLabels.PoolEci,
        [AckLabels.EciLabel] = AckLabels.EciLabelValue,
    };
    private static readonly Dictionary<string, string> EciNodeSelector = new() { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue };

    public IReadOnlyList<NodeState> NodeStates()
    {
        var nodes = new List<NodeState>(_o.EcsNodes + 1);
        for (int i = 0; i < _o.EcsNodes; i++)
        {
            double cpuUsed = _o.NodeCpu - _nodeFreeCpu[i], memUsed = _o.NodeMemoryGib - _nodeFreeMemory[i];
            nodes.Add(new NodeState
            {
                Name = NodeName(i),
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = NodeName(i) },
                Allocatable = Resources(_o.NodeCpu, _o.NodeMemoryGib, _o.NodeMaxPods),
                Requested = Resources(cpuUsed, memUsed, null),
                PodCount = _nodePods[i],
            });
        }
        nodes.Add(new NodeState
        {
            Name = VirtualNode,
            Labels = new Dictionary<string, string> { [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue, ["kubernetes.io/hostname"] = VirtualNode },
            Taints = [new Taint(AckLabels.VirtualKubeletTaintKey, AckLabels.VirtualKubeletTaintValue, "NoSchedule")],
            Allocatable = Resources(10000, 40000, 3000),
            PodCount = _pods.Count(p => p.NodeName == VirtualNode),
        });
        return nodes;
    }

    public IReadOnlyDictionary<string, Quantity> Requests() => Resources(_o.PodCpu, _o.PodMemoryGib, null);

    private static Dictionary<string, Quantity> Resources(double cpu, double memoryGib, int? pods)
    {
        var d = new Dictionary<string, Quantity>(StringComparer.Ordinal)
        {
            ["cpu"] = Quantity.FromMilli((long)Math.Round(cpu * 1000)),
            ["memory"] = new Quantity(Math.Round((decimal)memoryGib * 1024m * 1024m * 1024m)),
        };
        if (pods is { } n) d["pods"] = new Quantity(n);
        return d;
    }
}
