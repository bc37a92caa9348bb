using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Placement;

/// <summary>Kubernetes' taint and toleration matching (core/v1 Toleration.ToleratesTaint).</summary>
public static class Tolerations
{
    /// <summary>True when every NoSchedule and NoExecute taint is tolerated; PreferNoSchedule never blocks.</summary>
    public static bool ToleratesAll(IReadOnlyList<Taint> taints, IReadOnlyList<Toleration>? tolerations)
    {
        for (int i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect is not ("NoSchedule" or "NoExecute")) continue;
            bool tolerated = false;
            if (tolerations is not null)
            {
                for (int j = 0; j < tolerations.Count && !tolerated; j++) tolerated = Tolerates(tolerations[j], taint);
            }
            if (!tolerated) return false;
        }
        return true;
    }

    /// <summary>
    /// An empty effect matches every effect; an empty key with Exists matches every taint; Exists ignores the
    /// value; Equal (the default operator) compares values.
    /// </summary>
    public static bool Tolerates(Toleration t, Taint taint)
    {
        if (!string.IsNullOrEmpty(t.Effect) && t.Effect != taint.Effect) return false;
        bool exists = t.Operator == "Exists";
        if (string.IsNullOrEmpty(t.Key)) return exists;
        if (t.Key != taint.Key) return false;
        return exists || (t.Value ?? "") == (taint.Value ?? "");
    }

    /// <summary>True when every key=value of the selector is among the labels (an empty selector matches all).</summary>
    public static bool Matches(IReadOnlyDictionary<string, string>? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return true;
        foreach (var (k, v) in selector)
        {
            if (!labels.TryGetValue(k, out var have) || have != v) return false;
        }
        return true;
    }
}
