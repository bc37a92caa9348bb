namespace ElasticScaler.Sim.Cluster;

/// <summary>How to start a simulated cluster: the API server's options plus nodes, timings, ECI quota, prices.</summary>
public sealed record ClusterOptions
{
    /// <summary>The API server's options; Sim.Time is the clock of every controller.</summary>
    public SimOptions Sim { get; init; } = new();
    /// <summary>"empty" (no nodes unless Pools says) or "seed" (the seed cluster; Pools is then ignored).</summary>
    public string Preset { get; init; } = "empty";
    public IReadOnlyList<NodePool> Pools { get; init; } = [];
    public KubeletTiming Kubelet { get; init; } = new();
    public Prices Prices { get; init; } = new();
    /// <summary>ECI CreateContainerGroup calls allowed per minute (the ECI API limit); more pods wait Pending.</summary>
    public int EciCreationsPerMinute { get; init; } = 1000;
    /// <summary>Run the controllers as a background loop. Tests on a FakeTimeProvider may turn it off and call Settle().</summary>
    public bool RunControllers { get; init; } = true;
    /// <summary>The loop wakes on every store change and at least this often (timed work: start-ups, heartbeats).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Seed of the start-up jitter.</summary>
    public int Seed { get; init; } = 1;

    public TimeProvider Time => Sim.Time;

    public void Validate()
    {
        if (Preset is not ("empty" or "seed"))
            throw new ArgumentException($"Preset must be 'empty' or 'seed', not '{Preset}'", nameof(Preset));
        foreach (var p in Pools)
            p.Validate();
        if (Pools.Select(p => p.Name).Distinct().Count() != Pools.Count)
            throw new ArgumentException("node pool names must be unique", nameof(Pools));
        Kubelet.Validate();
        Prices.Validate();
        if (EciCreationsPerMinute < 1)
            throw new ArgumentOutOfRangeException(nameof(EciCreationsPerMinute), EciCreationsPerMinute, "EciCreationsPerMinute must be at least 1 (ECI's default is 1000)");
        if (Tick <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Tick), Tick, "Tick must be positive");
    }
}
