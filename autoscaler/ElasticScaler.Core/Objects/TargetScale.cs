namespace ElasticScaler.Core.Objects;

/// <summary>
/// A target's autoscaling/v1 Scale, as a decision reads it: <c>spec.replicas</c> (the current replicas),
/// <c>status.replicas</c> and <c>status.selector</c>, the label query over the target's pods (null when the scale has
/// none, as a custom resource without a labelSelectorPath serves it).
/// </summary>
public sealed record TargetScale(int SpecReplicas, int StatusReplicas, string? Selector);
