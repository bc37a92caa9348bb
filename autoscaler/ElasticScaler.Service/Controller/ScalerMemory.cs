using System.Collections.Concurrent;
using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// What the service keeps per scaler between syncs: the engine's history (in memory, as HPA keeps its own), the
/// spec read and prepared once per generation, the conditions and schedules last reported, and the replica
/// counts it wrote but the cache has not shown yet (client-go's "expectations"), so a lagging watch never makes
/// one decision be written twice.
/// </summary>
public sealed class ScalerMemory
{
    public DecisionHistory? History { get; set; }
    public long PreparedGeneration { get; set; } = -1;
    public ObjectRead<ScalerSpec>? SpecRead { get; set; }
    public PreparedSpec? Prepared { get; set; }
    public ImmutableArray<ScalerCondition>? Conditions { get; set; }
    public IReadOnlyList<string>? ActiveSchedules { get; set; }
    public string? TemplateHash { get; set; }
    public PodTemplateRequirements? Template { get; set; }
    public Dictionary<TwinPart, Expectation> Expected { get; } = [];

    /// <summary>The replicas to believe for a part: what we wrote, until the cache shows it or the expectation expires.</summary>
    public int Believe(TwinPart part, int cached, DateTimeOffset now)
    {
        if (!Expected.TryGetValue(part, out var e)) return cached;
        if (cached == e.Replicas || now >= e.Until)
        {
            Expected.Remove(part);
            return cached;
        }
        return e.Replicas;
    }
}

/// <summary>A replica count we wrote, believed over the cache until <paramref name="Until"/>.</summary>
public readonly record struct Expectation(int Replicas, DateTimeOffset Until)
{
    /// <summary>How long a written count is believed over a cache that has not caught up; after that the cache wins (someone may have changed it since).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The expectation of a write made <paramref name="now"/>.</summary>
    public static Expectation Of(int replicas, DateTimeOffset now) => new(replicas, now + Timeout);
}

/// <summary>Every scaler's memory, by "namespace/name".</summary>
public sealed class ScalerMemories
{
    private readonly ConcurrentDictionary<string, ScalerMemory> _byKey = new(StringComparer.Ordinal);

    public ScalerMemory For(string key) => _byKey.GetOrAdd(key, _ => new ScalerMemory());

    public void Forget(string key) => _byKey.TryRemove(key, out _);

    /// <summary>Leadership changed hands: the next leader starts from cluster state, so must we when we lead again.</summary>
    public void Clear() => _byKey.Clear();

    public int Count => _byKey.Count;
}
