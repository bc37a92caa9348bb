using System.Text.Json.Serialization;

namespace ElasticScaler.Core.Behavior;

/// <summary>One unstabilized recommendation and when it was made (HPA's timestampedRecommendation).</summary>
/// <remarks>Holds the instant as UTC ticks: 16 bytes instead of 24, and the history copies these arrays every sync.</remarks>
public readonly record struct TimestampedRecommendation
{
    private readonly long _utcTicks;

    [JsonConstructor]
    public TimestampedRecommendation(DateTimeOffset timestamp, int replicas)
    {
        _utcTicks = timestamp.UtcTicks;
        Replicas = replicas;
    }

    public DateTimeOffset Timestamp => new(_utcTicks, TimeSpan.Zero);

    public int Replicas { get; }
}

/// <summary>
/// One rescale and when it happened (HPA's timestampedScaleEvent). <see cref="ReplicaChange"/> is positive in both
/// lists: pods added for a scale-up event, pods removed for a scale-down event. <see cref="Outdated"/> marks an
/// event older than the longest policy period, whose slot the next event of that direction may reuse.
/// </summary>
/// <remarks>Holds the instant as UTC ticks, as <see cref="TimestampedRecommendation"/> does.</remarks>
public readonly record struct ScaleEvent
{
    private readonly long _utcTicks;

    [JsonConstructor]
    public ScaleEvent(DateTimeOffset timestamp, int replicaChange, bool outdated)
    {
        _utcTicks = timestamp.UtcTicks;
        ReplicaChange = replicaChange;
        Outdated = outdated;
    }

    public DateTimeOffset Timestamp => new(_utcTicks, TimeSpan.Zero);

    public int ReplicaChange { get; }

    public bool Outdated { get; init; }
}
