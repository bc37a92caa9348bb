namespace ElasticScaler.Sim.Workload;

/// <summary>How requests pick a Ready pod.</summary>
public enum Balancing { RoundRobin, LeastOutstanding }

/// <summary>
/// The physics of the demo app. A request costs <see cref="CpuPerRequest"/> of one core; a pod runs at most its
/// capacity (cpu request, or its limit when <see cref="CapacityFromLimit"/> and a limit is set), so past that its
/// requests queue; a request that would wait longer than <see cref="Timeout"/> times out (504), and one that finds
/// <see cref="QueueLimit"/> requests already waiting is answered 503 at once.
/// </summary>
public sealed record LoadModelOptions
{
    public TimeSpan CpuPerRequest { get; init; } = TimeSpan.FromMilliseconds(20);
    public bool CapacityFromLimit { get; init; }
    /// <summary>Requests waiting on one pod beyond which a new one gets 503.</summary>
    public int QueueLimit { get; init; } = 100;
    /// <summary>The load balancer's upstream timeout: a request not finished by then is answered 504.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>A served request slower than this counts as late.</summary>
    public TimeSpan LateAfter { get; init; } = TimeSpan.FromSeconds(1);
    public Balancing Balancing { get; init; } = Balancing.RoundRobin;
    /// <summary>Retries on another pod when the chosen one went away before serving (as Envoy's retry_on: reset).</summary>
    public int Retries { get; init; } = 1;
    /// <summary>metrics-server's resolution: how often usage is sampled and published.</summary>
    public TimeSpan MetricsResolution { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>CPU a pod burns with no traffic (runtime, GC, probes).</summary>
    public long IdleCpuMillis { get; init; } = 2;
    public long BaseMemoryBytes { get; init; } = 96L << 20;
    public long MemoryPerInFlightBytes { get; init; } = 2L << 20;
    /// <summary>What the system (kubelet, daemons) uses on every node besides pods.</summary>
    public long NodeSystemCpuMillis { get; init; } = 100;
    public long NodeSystemMemoryBytes { get; init; } = 512L << 20;

    public void Validate()
    {
        if (CpuPerRequest <= TimeSpan.Zero) throw new ArgumentException($"CpuPerRequest: {CpuPerRequest}: must be above zero, e.g. 20 ms");
        if (QueueLimit < 0) throw new ArgumentException($"QueueLimit: {QueueLimit}: must be 0 or more");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException($"Timeout: {Timeout}: must be above zero, e.g. 5 s");
        if (LateAfter <= TimeSpan.Zero) throw new ArgumentException($"LateAfter: {LateAfter}: must be above zero, e.g. 1 s");
        if (Retries < 0) throw new ArgumentException($"Retries: {Retries}: must be 0 or more");
        if (MetricsResolution <= TimeSpan.Zero) throw new ArgumentException($"MetricsResolution: {MetricsResolution}: must be above zero, e.g. 15 s");
    }
}
