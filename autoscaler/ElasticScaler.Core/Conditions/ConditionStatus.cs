namespace ElasticScaler.Core.Conditions;

/// <summary>A condition's status as Kubernetes writes it: "True", "False" or "Unknown".</summary>
public enum ConditionStatus { True, False, Unknown }
