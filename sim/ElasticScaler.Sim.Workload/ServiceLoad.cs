namespace ElasticScaler.Sim.Workload;

/// <summary>
/// A Service and its load balancer: the endpoints are the Ready pods; each request goes to one of them
/// (round-robin or least-outstanding) and is admitted by that pod's queue. Pods that stop being Ready (or start
/// terminating) leave the rotation but finish what they hold; a killed pod fails what it held, and a request
/// that finds its pod gone before being served is retried on another, as a proxy retries a reset connection.
/// Thread-safe.
/// </summary>
public sealed class ServiceLoad(LoadModelOptions options)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PodLoad> _pods = new(StringComparer.Ordinal);
    private readonly List<PodLoad> _ready = [];
    private int _next;

    public LoadModelOptions Options { get; } = options;

    /// <summary>Every pod the Service still tracks: Ready ones and those draining.</summary>
    public IReadOnlyList<PodLoad> All
    {
        get { lock (_gate) return [.. _pods.Values]; }
    }

    public IReadOnlyList<PodLoad> Ready
    {
        get { lock (_gate) return [.. _ready]; }
    }

    public PodLoad? Find(string name)
    {
        lock (_gate) return _pods.GetValueOrDefault(name);
    }

    /// <summary>Tracks the pod (if new) and puts it in or out of the rotation.</summary>
    public void Set(PodLoad pod, bool ready)
    {
        lock (_gate)
        {
            if (!_pods.TryGetValue(pod.Name, out var known))
                _pods[pod.Name] = known = pod;
            int at = _ready.IndexOf(known);
            if (ready && at < 0) _ready.Add(known);
            else if (!ready && at >= 0) _ready.RemoveAt(at);
        }
    }

    /// <summary>The pod is gone: it fails what it still held and is forgotten.</summary>
    public PodLoad? Remove(string name, DateTimeOffset now)
    {
        PodLoad? pod;
        lock (_gate)
        {
            if (!_pods.Remove(name, out pod)) return null;
            _ready.Remove(pod);
        }
        pod.Kill(now);
        return pod;
    }

    /// <summary>Sends one request at <paramref name="now"/>; Pod is null when no endpoint was Ready (503).</summary>
    public (PodLoad? Pod, Admission Admission) Send(DateTimeOffset now, int attempt = 0)
    {
        for (; ; attempt++)
        {
            var pod = Pick(now);
            if (pod is null) return (null, new Admission(Outcome.Rejected, now, now, now));
            var admission = pod.Admit(now);
            if (admission.Outcome != Outcome.Failed || attempt >= Options.Retries) return (pod, admission);
        }
    }

    private PodLoad? Pick(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_ready.Count == 0) return null;
            if (Options.Balancing == Balancing.RoundRobin)
            {
                _next = (_next + 1) % _ready.Count;
                return _ready[_next];
            }
            // Least outstanding; ties go round-robin so equal pods share evenly.
            PodLoad? best = null;
            int bestCount = int.MaxValue;
            for (int k = 0; k < _ready.Count; k++)
            {
                var p = _ready[(_next + 1 + k) % _ready.Count];
                int n = p.Outstanding(now);
                if (n < bestCount)
                {
                    best = p;
                    bestCount = n;
                }
            }
            _next = (_next + 1) % _ready.Count;
            return best;
        }
    }
}
