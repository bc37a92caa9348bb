namespace ElasticScaler.Core.Replicas;

/// <summary>
/// What one metric proposes (HPA's named results: replicaCount, usage, timestamp, err).
/// </summary>
/// <param name="Replicas">Proposed replica count; meaningless when <see cref="Error"/> is set.</param>
/// <param name="Usage">Current value in milli-units: the average per pod (resource, pods, AverageValue targets)
/// or the total (Value targets). For a utilization target, the raw average usage per pod.</param>
/// <param name="Utilization">Current average utilization in whole percent of request, for utilization targets.</param>
/// <param name="Timestamp">When the metric was sampled, when known.</param>
/// <param name="Error">Why no proposal could be made, worded as upstream.</param>
public readonly record struct ReplicaProposal(int Replicas, long Usage, int? Utilization, DateTimeOffset? Timestamp, string? Error)
{
    public bool Succeeded => Error is null;

    internal static ReplicaProposal Fail(string error) => new(0, 0, null, null, error);
}
