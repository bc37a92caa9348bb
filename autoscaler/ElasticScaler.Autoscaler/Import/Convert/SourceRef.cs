namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>A source object by kind, namespace and name, as stderr lines and comments name it: "HorizontalPodAutoscaler shop/web".</summary>
public sealed record SourceRef(string Kind, string? Namespace, string Name)
{
    public const string Hpa = "HorizontalPodAutoscaler";
    public const string CronHpa = "CronHorizontalPodAutoscaler";
    public const string ScaledObject = "ScaledObject";

    public override string ToString() => $"{Kind} {Namespace ?? "(no namespace)"}/{Name}";
}
