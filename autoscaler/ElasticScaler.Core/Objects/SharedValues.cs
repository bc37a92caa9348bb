using System.Diagnostics.CodeAnalysis;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Objects;

/// <summary>
/// Hands out one instance per distinct value read from the API, so objects that repeat one another share their
/// parts: the 20 pods of a ReplicaSet carry the same labels, containers, requests and tolerations, and 100,000
/// pods name a few hundred namespaces, nodes and label values. A long-running cache would otherwise keep each of
/// these once per pod (client-go's informers keep whole objects; the service keeps projections, and this is how
/// the projections stay small).
/// <para>
/// Bounded, so it cannot grow with churn: each kind of value lives in two generations of at most
/// <see cref="GenerationSize"/> entries; when the current one fills it becomes the previous one and the old
/// previous is dropped. A value in use keeps being found (and moved forward); a value no longer read falls out
/// after two generations, and whatever still references it keeps its instance. Sharing is only an economy:
/// a value not found is returned as given. Thread-safe.
/// </para>
/// </summary>
public sealed class SharedValues(int generationSize = SharedValues.DefaultGenerationSize)
{
    public const int DefaultGenerationSize = 32_768;

    /// <summary>Strings longer than this (long messages, annotations holding documents) are not looked up: rarely repeated, costly to hash.</summary>
    public const int MaxSharedStringLength = 1024;

    private readonly Generations<string> _strings = new(generationSize, StringComparer.Ordinal);
    private readonly Generations<IReadOnlyDictionary<string, string>> _stringMaps = new(generationSize, MapComparer<string>.Instance);
    private readonly Generations<IReadOnlyDictionary<string, Quantity>> _resourceLists = new(generationSize, MapComparer<Quantity>.Instance);
    private readonly Generations<IReadOnlyList<ContainerRequests>> _containers = new(generationSize, ListComparer<ContainerRequests>.Instance);
    private readonly Generations<IReadOnlyList<Toleration>> _tolerations = new(generationSize, ListComparer<Toleration>.Instance);
    private readonly Generations<PodCondition> _conditions = new(generationSize, EqualityComparer<PodCondition>.Default);

    public int GenerationSize { get; } = generationSize > 0 ? generationSize : throw new ArgumentOutOfRangeException(nameof(generationSize), "must be > 0");

    [return: NotNullIfNotNull(nameof(value))]
    public string? String(string? value) => value is null || value.Length > MaxSharedStringLength ? value : _strings.Share(value);

    /// <summary>A string map (labels, annotations, a node selector) equal to <paramref name="map"/>; its keys and values are shared too.</summary>
    public IReadOnlyDictionary<string, string> StringMap(IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0) return EmptyStringMap;
        if (_stringMaps.TryFind(map, out var found)) return found;
        var copy = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map) copy[String(k)] = String(v);
        return _stringMaps.Share(copy);
    }

    public IReadOnlyDictionary<string, Quantity> ResourceList(IReadOnlyDictionary<string, Quantity> list)
    {
        if (list.Count == 0) return EmptyResourceList;
        if (_resourceLists.TryFind(list, out var found)) return found;
        var copy = new Dictionary<string, Quantity>(list.Count, StringComparer.Ordinal);
        foreach (var (k, v) in list) copy[String(k)] = v;
        return _resourceLists.Share(copy);
    }

    /// <summary>A container list equal to <paramref name="containers"/> (names, requests and restart policies).</summary>
    public IReadOnlyList<ContainerRequests> Containers(IReadOnlyList<ContainerRequests> containers)
    {
        if (containers.Count == 0) return [];
        // A container's equality takes its requests by reference, so they are shared first.
        var copy = new ContainerRequests[containers.Count];
        for (int i = 0; i < copy.Length; i++)
            copy[i] = containers[i] with { Name = String(containers[i].Name), Requests = ResourceList(containers[i].Requests) };
        return _containers.Share(copy);
    }

    public IReadOnlyList<Toleration> Tolerations(IReadOnlyList<Toleration> tolerations)
    {
        if (_tolerations.TryFind(tolerations, out var found)) return found;
        var copy = new Toleration[tolerations.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            var t = tolerations[i];
            copy[i] = new Toleration { Key = String(t.Key), Operator = String(t.Operator), Value = String(t.Value), Effect = String(t.Effect) };
        }
        return _tolerations.Share(copy);
    }

    /// <summary>A pod condition equal to <paramref name="condition"/>: pods that became Ready in the same second share one.</summary>
    public PodCondition Condition(PodCondition condition) =>
        _conditions.TryFind(condition, out var found) ? found : _conditions.Share(condition with { Reason = String(condition.Reason), Message = String(condition.Message) });

    private static readonly IReadOnlyDictionary<string, string> EmptyStringMap = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, Quantity> EmptyResourceList = new Dictionary<string, Quantity>();

    /// <summary>Two bounded generations of one kind of value.</summary>
    private sealed class Generations<T>(int size, IEqualityComparer<T> comparer) where T : class
    {
        private readonly Lock _gate = new();
        private Dictionary<T, T> _current = new(comparer);
        private Dictionary<T, T> _previous = new(comparer);

        public bool TryFind(T value, out T found)
        {
            lock (_gate) return TryFindLocked(value, out found);
        }

        /// <summary>The shared instance equal to <paramref name="value"/>, which becomes it when there is none.</summary>
        public T Share(T value)
        {
            lock (_gate)
            {
                if (TryFindLocked(value, out var found)) return found;
                Add(value);
                return value;
            }
        }

        private bool TryFindLocked(T value, out T found)
        {
            if (_current.TryGetValue(value, out found!)) return true;
            if (!_previous.Remove(value, out found!)) return false;
            Add(found);
            return true;
        }

        private void Add(T value)
        {
            if (_current.Count >= size)
            {
                _previous = _current;
                _current = new Dictionary<T, T>(comparer);
            }
            _current[value] = value;
        }
    }

    /// <summary>Maps equal by their pairs, whatever their order or comparer.</summary>
    private sealed class MapComparer<TValue> : IEqualityComparer<IReadOnlyDictionary<string, TValue>>
    {
        public static readonly MapComparer<TValue> Instance = new();

        public bool Equals(IReadOnlyDictionary<string, TValue>? x, IReadOnlyDictionary<string, TValue>? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.Count != y.Count) return false;
            foreach (var (k, v) in x)
                if (!y.TryGetValue(k, out var other) || !EqualityComparer<TValue>.Default.Equals(v, other)) return false;
            return true;
        }

        public int GetHashCode(IReadOnlyDictionary<string, TValue> map)
        {
            // Order-independent: a sum of the pairs' hashes.
            int hash = map.Count;
            foreach (var (k, v) in map) hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(k), v);
            return hash;
        }
    }

    /// <summary>Lists equal element by element, by the elements' own (record) equality.</summary>
    private sealed class ListComparer<TItem> : IEqualityComparer<IReadOnlyList<TItem>>
    {
        public static readonly ListComparer<TItem> Instance = new();

        public bool Equals(IReadOnlyList<TItem>? x, IReadOnlyList<TItem>? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || x.Count != y.Count) return false;
            for (int i = 0; i < x.Count; i++)
                if (!EqualityComparer<TItem>.Default.Equals(x[i], y[i])) return false;
            return true;
        }

        public int GetHashCode(IReadOnlyList<TItem> list)
        {
            var hash = new HashCode();
            foreach (var item in list) hash.Add(item);
            return hash.ToHashCode();
        }
    }
}
