using ElasticScaler.Core.Ack;

namespace ElasticScaler.Sim.Cluster;

public enum PoolKind { Ecs, Eci }

public enum Billing { PayAsYouGo, Reserved }

/// <summary>
/// A group of identical nodes: ECS workers of an ACK node pool, or ACK virtual nodes (ECI). Capacity is what the
/// node reports; allocatable what the scheduler fits against (capacity minus kube and system reserved).
/// </summary>
public sealed record NodePool
{
    public required string Name { get; init; }
    public PoolKind Kind { get; init; } = PoolKind.Ecs;
    public int Count { get; init; } = 1;
    public long CpuMillis { get; init; } = 4000;
    public long MemoryBytes { get; init; } = 16L << 30;
    /// <summary>Allocatable cpu; null = capacity.</summary>
    public long? AllocatableCpuMillis { get; init; }
    public long? AllocatableMemoryBytes { get; init; }
    public int MaxPods { get; init; } = 110;
    public string InstanceType { get; init; } = "ecs.g6.xlarge";
    public string Zone { get; init; } = "cn-hangzhou-k";
    public Billing Billing { get; init; } = Billing.PayAsYouGo;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Kubelet start-up delay of pods on this pool; null = the kind's default from <see cref="KubeletTiming"/>.</summary>
    public TimeSpan? StartupDelay { get; init; }

    public long Cpu => AllocatableCpuMillis ?? CpuMillis;
    public long Memory => AllocatableMemoryBytes ?? MemoryBytes;

    /// <summary>ACK's virtual node: large capacity, the virtual node label and the alibabacloud provider taint (<see cref="AckLabels"/>).</summary>
    public static NodePool Virtual(string zone = "cn-hangzhou-k") => new()
    {
        Name = AckLabels.VirtualKubelet,
        Kind = PoolKind.Eci,
        Count = 1,
        CpuMillis = 1_000_000,
        MemoryBytes = 4L << 40,
        MaxPods = 20_000,
        InstanceType = AckLabels.VirtualKubelet,
        Zone = zone,
    };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("node pool Name must be set (e.g. \"np-ecs\")", nameof(Name));
        if (Count < 0)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, $"node pool '{Name}': Count must be 0 or more");
        if (CpuMillis <= 0 || MemoryBytes <= 0 || MaxPods <= 0)
            throw new ArgumentOutOfRangeException(nameof(CpuMillis), $"node pool '{Name}': CpuMillis, MemoryBytes and MaxPods must be positive");
        if (Cpu > CpuMillis || Memory > MemoryBytes)
            throw new ArgumentOutOfRangeException(nameof(AllocatableCpuMillis), $"node pool '{Name}': allocatable must not exceed capacity");
    }
}

/// <summary>Kubelet timings: start-up delay per pool kind with jitter, readiness, shutdown, heartbeats.</summary>
public sealed record KubeletTiming
{
    public TimeSpan EcsStartupDelay { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan EciStartupDelay { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Each pod's delay is drawn uniformly in [d*(1-Jitter), d*(1+Jitter)] from a hash of its uid and the seed.</summary>
    public double Jitter { get; init; } = 0.2;
    /// <summary>Readiness delay of a pod without a readiness probe; pods with one use its initialDelaySeconds.</summary>
    public TimeSpan DefaultReadinessDelay { get; init; } = TimeSpan.Zero;
    /// <summary>How long a container takes to exit after SIGTERM (capped by the pod's grace period).</summary>
    public TimeSpan ShutdownDuration { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Node status heartbeat when nothing changed (kubelet's nodeStatusReportFrequency is 5 min; 1 min keeps ages fresh).</summary>
    public TimeSpan NodeStatusInterval { get; init; } = TimeSpan.FromSeconds(60);

    public void Validate()
    {
        if (EcsStartupDelay < TimeSpan.Zero || EciStartupDelay < TimeSpan.Zero || DefaultReadinessDelay < TimeSpan.Zero || ShutdownDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(EcsStartupDelay), "kubelet delays must not be negative");
        if (Jitter is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Jitter must be in [0, 1), e.g. 0.2 for ±20%");
        if (LeaseRenewInterval <= TimeSpan.Zero || NodeStatusInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(LeaseRenewInterval), "heartbeat intervals must be positive");
    }
}

/// <summary>
/// Prices for the cost meter (illustrative list prices in USD; set your region's). ECS is billed per node-hour,
/// ECI per pod-second by the requested vCPU and GiB (ECI bills the spec set at creation, not usage).
/// </summary>
public sealed record Prices
{
    public decimal EcsPayAsYouGoPerNodeHour { get; init; } = 0.336m;
    public decimal EcsReservedPerNodeHour { get; init; } = 0.201m;
    public decimal EciPerVcpuSecond { get; init; } = 0.0000137m;
    public decimal EciPerGiBSecond { get; init; } = 0.0000015m;

    public void Validate()
    {
        if (EcsPayAsYouGoPerNodeHour < 0 || EcsReservedPerNodeHour < 0 || EciPerVcpuSecond < 0 || EciPerGiBSecond < 0)
            throw new ArgumentOutOfRangeException(nameof(EcsPayAsYouGoPerNodeHour), "prices must not be negative");
    }
}
