namespace ElasticScaler.Sim.Faults;

/// <summary>
/// One fault-injection rule. Resource and Verb narrow it ("pods", "deployments/scale"; "get", "list", "watch", "patch", ...;
/// null = any). Shares are probabilities in [0,1]; Count limits how many requests it hits (null = unlimited).
/// </summary>
public sealed record FaultRule
{
    public string? Resource { get; init; }
    public string? Verb { get; init; }
    /// <summary>Share of matching requests answered 500 InternalError (or 503 when Status503 is set).</summary>
    public double ErrorShare { get; init; }
    public bool Status503 { get; init; }
    /// <summary>Share answered 409 Conflict (writes) as if the object had changed.</summary>
    public double ConflictShare { get; init; }
    /// <summary>Latency added before every matching request.</summary>
    public TimeSpan Latency { get; init; }
    /// <summary>Watches are closed by the server after this long (a dropped watch).</summary>
    public TimeSpan? DropWatchAfter { get; init; }
    /// <summary>Watches that give a resourceVersion get the 410 Expired ERROR event at once.</summary>
    public bool ForceGone { get; init; }
    public int? Count { get; init; }

    public void Validate()
    {
        if (ErrorShare is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(ErrorShare), ErrorShare, "errorShare must be between 0 and 1, e.g. 0.2 for 20%");
        if (ConflictShare is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(ConflictShare), ConflictShare, "conflictShare must be between 0 and 1, e.g. 0.2 for 20%");
        if (Latency < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "latency must not be negative, e.g. 50ms");
        if (Count is <= 0)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "count must be positive or left out for unlimited");
    }
}
