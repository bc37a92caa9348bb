namespace ElasticScaler.Service.Cache;

/// <summary>
/// Names of a cache's objects per namespace and label pair, so "the pods of this selector" costs the size of the
/// smallest matching label set instead of a scan of the namespace (5,000 scalers x 20 pods in one namespace).
/// Not thread-safe: the owning cache holds its lock.
/// </summary>
internal sealed class LabelIndex
{
    private readonly Dictionary<(string Ns, string Key, string Value), HashSet<string>> _sets = [];

    public void Add(string ns, string name, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (k, v) in labels)
        {
            if (!_sets.TryGetValue((ns, k, v), out var set)) _sets[(ns, k, v)] = set = new HashSet<string>(StringComparer.Ordinal);
            set.Add(name);
        }
    }

    public void Remove(string ns, string name, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (k, v) in labels)
        {
            if (!_sets.TryGetValue((ns, k, v), out var set)) continue;
            set.Remove(name);
            if (set.Count == 0) _sets.Remove((ns, k, v));
        }
    }

    /// <summary>The smallest set among the required pairs, or null when there is none to narrow by; empty when a pair matches nothing.</summary>
    public IReadOnlyCollection<string>? Narrow(string ns, IEnumerable<KeyValuePair<string, string>> required)
    {
        HashSet<string>? best = null;
        foreach (var (k, v) in required)
        {
            if (!_sets.TryGetValue((ns, k, v), out var set)) return [];
            if (best is null || set.Count < best.Count) best = set;
        }
        return best;
    }

    public void Clear() => _sets.Clear();
}
