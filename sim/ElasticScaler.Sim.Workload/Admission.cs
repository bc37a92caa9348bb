namespace ElasticScaler.Sim.Workload;

/// <summary>What happens to one request on one pod.</summary>
public enum Outcome
{
    /// <summary>Served within the late threshold.</summary>
    Served,
    /// <summary>Served, but slower than the late threshold.</summary>
    Late,
    /// <summary>Would have waited past the timeout: 504 once the timeout passes.</summary>
    TimedOut,
    /// <summary>The pod's queue was full: 503 at once.</summary>
    Rejected,
    /// <summary>No Ready endpoint (503 "no healthy upstream"), or the pod went away while serving it (502).</summary>
    Failed,
}

/// <summary>
/// One request's fate, decided when it arrives: the queue model is deterministic, so the finish time is known then.
/// <paramref name="StartsAt"/> is when the pod begins executing it (after the queue); <paramref name="EndsAt"/> is when
/// the client gets its answer.
/// </summary>
public readonly record struct Admission(Outcome Outcome, DateTimeOffset ArrivedAt, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public TimeSpan Latency => EndsAt - ArrivedAt;
    public bool Ok => Outcome is Outcome.Served or Outcome.Late;

    /// <summary>The HTTP status the client sees.</summary>
    public int StatusCode => Outcome switch
    {
        Outcome.Served or Outcome.Late => 200,
        Outcome.TimedOut => 504,
        Outcome.Rejected => 503,
        _ => 502,
    };
}
