namespace ElasticScaler.Core.Behavior;

/// <summary>One unstabilized recommendation and when it was made (HPA's timestampedRecommendation).</summary>
public readonly record struct TimestampedRecommendation(DateTimeOffset Timestamp, int Replicas);

/// <summary>
/// One rescale and when it happened (HPA's timestampedScaleEvent). <see cref="ReplicaChange"/> is positive in both
/// lists: pods added for a scale-up event, pods removed for a scale-down event. <see cref="Outdated"/> marks an
/// event older than the longest policy period, whose slot the next event of that direction may reuse.
/// </summary>
public readonly record struct ScaleEvent(DateTimeOffset Timestamp, int ReplicaChange, bool Outdated);
