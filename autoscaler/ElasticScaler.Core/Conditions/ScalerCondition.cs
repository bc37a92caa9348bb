namespace ElasticScaler.Core.Conditions;

/// <summary>
/// One entry of <c>status.conditions</c>, shaped as HPA's HorizontalPodAutoscalerCondition.
/// <see cref="Reason"/> is a token from <see cref="Reasons"/>; <see cref="Message"/> is a lowercase sentence.
/// </summary>
public sealed record ScalerCondition(
    string Type,
    ConditionStatus Status,
    string Reason,
    string Message,
    DateTimeOffset LastTransitionTime);
