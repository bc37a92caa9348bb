namespace ElasticScaler.Core.Limits;

/// <summary>
/// A replica count after a limit was applied, with the reason token (<see cref="Reasons"/>) and HPA's message:
/// the triple that <c>convertDesiredReplicasWithRules</c> and <c>convertDesiredReplicasWithBehaviorRate</c> return.
/// </summary>
public readonly record struct LimitedReplicas(int Replicas, string Reason, string Message);
