namespace ElasticScaler.Service.Cache;

/// <summary>One object as the cache keeps it: its identity, labels and resourceVersion, and what the service reads of it.</summary>
public sealed record CachedObject<T>(
    string Namespace,
    string Name,
    string Uid,
    string ResourceVersion,
    IReadOnlyDictionary<string, string> Labels,
    T Value)
{
    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}

public enum CacheChangeType { Added, Modified, Deleted }

/// <summary>A change the cache applied; <see cref="Old"/> is null for Added, <see cref="New"/> null for Deleted.</summary>
public readonly record struct CacheChange<T>(CacheChangeType Type, CachedObject<T>? Old, CachedObject<T>? New)
{
    public CachedObject<T> Object => New ?? Old!;
}
