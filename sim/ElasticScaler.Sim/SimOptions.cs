namespace ElasticScaler.Sim;

/// <summary>How to start a sim API server. Everything has a default; tests usually change only Time or Directory.</summary>
public sealed record SimOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }
    /// <summary>Where kubeconfig, scaler.kubeconfig and state.json go; null = a temp directory removed on dispose.</summary>
    public string? Directory { get; init; }
    /// <summary>"empty" (system namespaces only) or "seed" (also the wordpress namespace; sim part 2 adds nodes and workloads).</summary>
    public string Preset { get; init; } = "empty";
    /// <summary>Save DIR/state.json on dispose and load it on start.</summary>
    public bool Persist { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>Watch events kept for resuming watches; older resourceVersions get 410 Expired.</summary>
    public int HistoryCapacity { get; init; } = 10_000;
    /// <summary>How often an idle watch that allows bookmarks receives one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);
    public int FaultSeed { get; init; } = 42;
    /// <summary>API requests kept in the request audit (<see cref="SimCluster.Audit"/>, GET /sim/audit); older ones are overwritten.</summary>
    public int AuditCapacity { get; init; } = 100_000;
    /// <summary>Lines each container's log keeps for pods/log (kubectl logs); older ones are overwritten.</summary>
    public int PodLogLines { get; init; } = 1000;
    /// <summary>Serve HTTPS with a self-signed certificate (kubectl sends bearer tokens only over TLS).</summary>
    public bool UseTls { get; init; } = true;

    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "--port must be between 0 (any free port) and 65535");
        if (Preset is not ("empty" or "seed"))
            throw new ArgumentException($"--preset must be 'empty' or 'seed', not '{Preset}'", nameof(Preset));
        if (HistoryCapacity < 1)
            throw new ArgumentOutOfRangeException(nameof(HistoryCapacity), HistoryCapacity, "history capacity must be at least 1");
        if (AuditCapacity < 1)
            throw new ArgumentOutOfRangeException(nameof(AuditCapacity), AuditCapacity, "audit capacity must be at least 1");
        if (PodLogLines < 1)
            throw new ArgumentOutOfRangeException(nameof(PodLogLines), PodLogLines, "pod log lines must be at least 1");
        if (BookmarkInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(BookmarkInterval), BookmarkInterval, "bookmark interval must be positive");
    }
}
