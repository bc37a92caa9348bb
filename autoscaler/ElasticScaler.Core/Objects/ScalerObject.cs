using System.Collections.Immutable;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Objects;

/// <summary>
/// What a decision reads of an ElasticScaler or autoscaling/v2 HorizontalPodAutoscaler object: its name (null when
/// the object has none), how it is decided, its annotations (the pause switches live there), its spec and its
/// <c>status.conditions</c> (so a transition time survives a restart or a replay).
/// </summary>
public sealed record ScalerObject(
    string? Name,
    ScalerKind Kind,
    IReadOnlyDictionary<string, string> Annotations,
    ScalerSpec Spec,
    ImmutableArray<ScalerCondition> Conditions);
