using System.Collections.Immutable;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// HPA's stabilization over the recommendation history (horizontal.go). Both functions record the new,
/// unstabilized recommendation: into the slot of the last sample that no window can see any more, else appended.
/// Comparisons follow Go's Before/After exactly: a sample exactly at a cutoff is neither counted nor reused.
/// </summary>
public static class Stabilization
{
    public const string ScaleUpStabilizedMessage = "recent recommendations were lower than current one, applying the lowest recent recommendation";
    public const string ScaleDownStabilizedMessage = "recent recommendations were higher than current one, applying the highest recent recommendation";
    public const string ReadyForNewScaleMessage = "recommended size matches current size";

    /// <summary>
    /// HPA's stabilizeRecommendation, the legacy path without spec.behavior: the highest recommendation not older
    /// than the controller's downscale-stabilization window, the new one included. Scale-up is never delayed.
    /// </summary>
    public static StabilizedRecommendation Legacy(
        int desired, ImmutableArray<TimestampedRecommendation> recommendations, TimeSpan window, DateTimeOffset now)
    {
        int max = desired;
        int oldIndex = -1;
        var cutoff = now - window;
        if (recommendations.IsDefault) recommendations = [];
        for (int i = 0; i < recommendations.Length; i++)
        {
            var rec = recommendations[i];
            if (rec.Timestamp < cutoff) oldIndex = i;
            else if (rec.Replicas > max) max = rec.Replicas;
        }

        var recorded = Record(recommendations, oldIndex, new TimestampedRecommendation(now, desired));
        return max != desired
            ? new StabilizedRecommendation(max, Reasons.ScaleDownStabilized, ScaleDownStabilizedMessage, recorded)
            : new StabilizedRecommendation(max, Reasons.ReadyForNewScale, ReadyForNewScaleMessage, recorded);
    }

    /// <summary>
    /// HPA's stabilizeRecommendationWithBehaviors: the lowest recommendation inside the scale-up window is the
    /// floor, the highest inside the scale-down window is the ceiling, and the current count is moved only as far
    /// as into [floor, ceiling]. So a recommendation must persist for a whole window before it moves the target.
    /// The reason is ScaleUpStabilized when desired &gt;= current, else ScaleDownStabilized, and
    /// <see cref="StabilizedRecommendation.Reason"/> is ReadyForNewScale when the result equals the desired count.
    /// </summary>
    public static StabilizedRecommendation WithBehavior(
        int current, int desired, int scaleUpWindowSeconds, int scaleDownWindowSeconds,
        ImmutableArray<TimestampedRecommendation> recommendations, DateTimeOffset now)
    {
        var upCutoff = now.AddSeconds(-scaleUpWindowSeconds);
        var downCutoff = now.AddSeconds(-scaleDownWindowSeconds);
        int up = desired, down = desired;
        int oldIndex = -1;
        if (recommendations.IsDefault) recommendations = [];
        for (int i = 0; i < recommendations.Length; i++)
        {
            var rec = recommendations[i];
            if (rec.Timestamp > upCutoff) up = Math.Min(rec.Replicas, up);
            if (rec.Timestamp > downCutoff) down = Math.Max(rec.Replicas, down);
            if (rec.Timestamp < upCutoff && rec.Timestamp < downCutoff) oldIndex = i;
        }

        int recommendation = current;
        if (recommendation < up) recommendation = up;
        if (recommendation > down) recommendation = down;

        var recorded = Record(recommendations, oldIndex, new TimestampedRecommendation(now, desired));
        if (recommendation == desired)
            return new StabilizedRecommendation(recommendation, Reasons.ReadyForNewScale, ReadyForNewScaleMessage, recorded);
        return desired >= current
            ? new StabilizedRecommendation(recommendation, Reasons.ScaleUpStabilized, ScaleUpStabilizedMessage, recorded)
            : new StabilizedRecommendation(recommendation, Reasons.ScaleDownStabilized, ScaleDownStabilizedMessage, recorded);
    }

    /// <summary>
    /// HPA's recordInitialRecommendation: a scaler seen for the first time starts its history with the current
    /// count, so a first low recommendation is still stabilized against today's size.
    /// </summary>
    public static ImmutableArray<TimestampedRecommendation> RecordInitial(
        ImmutableArray<TimestampedRecommendation> recommendations, int current, DateTimeOffset now) =>
        recommendations.IsDefaultOrEmpty ? [new TimestampedRecommendation(now, current)] : recommendations;

    private static ImmutableArray<TimestampedRecommendation> Record(
        ImmutableArray<TimestampedRecommendation> recommendations, int oldIndex, TimestampedRecommendation entry)
    {
        // An older recommendation of the same size can never change a window's min or max once a newer one is kept:
        // every window that still sees the older one sees the newer one too. So the new one takes its slot, and a
        // steady scaler keeps one entry instead of a window's worth (HPA keeps them all; the answers are the same).
        for (int i = 0; i < recommendations.Length; i++)
        {
            if (recommendations[i].Replicas == entry.Replicas) return recommendations.SetItem(i, entry);
        }
        return oldIndex >= 0 ? recommendations.SetItem(oldIndex, entry) : recommendations.Add(entry);
    }
}

/// <summary>The stabilized count, why, and the recommendation history with the new recommendation recorded.</summary>
public readonly record struct StabilizedRecommendation(
    int Replicas, string Reason, string Message, ImmutableArray<TimestampedRecommendation> Recommendations);
