using System.Collections.Immutable;

namespace ElasticScaler.Core.Conditions;

/// <summary>
/// Sets conditions in an immutable list with HPA's <c>setConditionInList</c> semantics: a missing type is appended,
/// <see cref="ScalerCondition.LastTransitionTime"/> moves only when the status flips, reason and message are
/// always replaced. A call that changes nothing returns the very same list, so an unchanged status costs no
/// allocation and compares equal by reference.
/// </summary>
public static class ScalerConditions
{
    /// <example>
    /// <code>
    /// var list = ScalerConditions.Set([], ConditionTypes.ScalingActive, ConditionStatus.True,
    ///     Reasons.ValidMetricFound, "the HPA was able to successfully calculate a replica count from cpu", now);
    /// </code>
    /// </example>
    public static ImmutableArray<ScalerCondition> Set(
        ImmutableArray<ScalerCondition> list, string type, ConditionStatus status, string reason, string message,
        DateTimeOffset now)
    {
        if (list.IsDefault) list = [];
        int index = IndexOf(list, type);
        if (index < 0)
            return list.Add(new ScalerCondition(type, status, reason, message, now));

        var existing = list[index];
        if (existing.Status == status && existing.Reason == reason && existing.Message == message)
            return list;
        // HPA: setConditionInList moves LastTransitionTime only when the status changes.
        var time = existing.Status == status ? existing.LastTransitionTime : now;
        return list.SetItem(index, new ScalerCondition(type, status, reason, message, time));
    }

    /// <summary>The condition of the given type, or null.</summary>
    public static ScalerCondition? Find(ImmutableArray<ScalerCondition> list, string type)
    {
        if (list.IsDefault) return null;
        int index = IndexOf(list, type);
        return index < 0 ? null : list[index];
    }

    private static int IndexOf(ImmutableArray<ScalerCondition> list, string type)
    {
        for (int i = 0; i < list.Length; i++)
            if (list[i].Type == type) return i;
        return -1;
    }
}
