using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Spec;

/// <summary>The kinds of metric source: HPA v2's five plus our Prometheus query.</summary>
public enum MetricSourceType { Resource, ContainerResource, Pods, Object, External, Prometheus }

/// <summary>How a metric is compared with its target (HPA v2 MetricTargetType).</summary>
public enum MetricTargetType { Utilization, Value, AverageValue }

/// <summary>One entry of <c>spec.metrics</c>; exactly the member named by <see cref="Type"/> is set.</summary>
public sealed record MetricSpec
{
    public required MetricSourceType Type { get; init; }
    public ResourceMetricSource? Resource { get; init; }
    public ContainerResourceMetricSource? ContainerResource { get; init; }
    public PodsMetricSource? Pods { get; init; }
    public ObjectMetricSource? Object { get; init; }
    public ExternalMetricSource? External { get; init; }
    public PrometheusMetricSource? Prometheus { get; init; }

    /// <summary>The target of whichever source is set, or null when the source is missing.</summary>
    public MetricTarget? Target => Type switch
    {
        MetricSourceType.Resource => Resource?.Target,
        MetricSourceType.ContainerResource => ContainerResource?.Target,
        MetricSourceType.Pods => Pods?.Target,
        MetricSourceType.Object => Object?.Target,
        MetricSourceType.External => External?.Target,
        MetricSourceType.Prometheus => Prometheus?.Target,
        _ => null,
    };

    /// <summary>A short human name used in reasons: "cpu resource utilization (percentage of request)" style.</summary>
    public string DisplayName => Type switch
    {
        MetricSourceType.Resource => $"{Resource?.Name} resource",
        MetricSourceType.ContainerResource => $"{ContainerResource?.Name} container resource ({ContainerResource?.Container})",
        MetricSourceType.Pods => $"pods metric {Pods?.Metric.Name}",
        MetricSourceType.Object => $"{Object?.Metric.Name} metric on {Object?.DescribedObject.Kind}/{Object?.DescribedObject.Name}",
        MetricSourceType.External => $"external metric {External?.Metric.Name}",
        MetricSourceType.Prometheus => "prometheus query",
        _ => Type.ToString(),
    };
}

/// <summary>HPA v2 MetricTarget.</summary>
public sealed record MetricTarget
{
    public required MetricTargetType Type { get; init; }
    public Quantity? Value { get; init; }
    public Quantity? AverageValue { get; init; }
    public int? AverageUtilization { get; init; }
}

public sealed record ResourceMetricSource
{
    /// <summary>Resource name: cpu or memory.</summary>
    public required string Name { get; init; }
    public required MetricTarget Target { get; init; }
}

public sealed record ContainerResourceMetricSource
{
    public required string Name { get; init; }
    public required string Container { get; init; }
    public required MetricTarget Target { get; init; }
}

/// <summary>HPA v2 MetricIdentifier: a metric name plus an optional label selector.</summary>
public sealed record MetricIdentifier
{
    public required string Name { get; init; }
    public LabelSelector? Selector { get; init; }
}

public sealed record PodsMetricSource
{
    public required MetricIdentifier Metric { get; init; }
    public required MetricTarget Target { get; init; }
}

public sealed record ObjectMetricSource
{
    public required CrossVersionObjectReference DescribedObject { get; init; }
    public required MetricIdentifier Metric { get; init; }
    public required MetricTarget Target { get; init; }
}

public sealed record ExternalMetricSource
{
    public required MetricIdentifier Metric { get; init; }
    public required MetricTarget Target { get; init; }
}

/// <summary>Our extension: a PromQL query that returns one scalar (or a one-element vector).</summary>
public sealed record PrometheusMetricSource
{
    public required string ServerAddress { get; init; }
    public required string Query { get; init; }
    public required MetricTarget Target { get; init; }
    /// <summary>Query timeout, a duration such as "5s"; default 5s.</summary>
    public string? Timeout { get; init; }
}

/// <summary>A Kubernetes label selector (matchLabels and matchExpressions).</summary>
public sealed record LabelSelector
{
    public IReadOnlyDictionary<string, string>? MatchLabels { get; init; }
    public IReadOnlyList<LabelSelectorRequirement>? MatchExpressions { get; init; }
}

public sealed record LabelSelectorRequirement
{
    public required string Key { get; init; }
    /// <summary>In, NotIn, Exists or DoesNotExist.</summary>
    public required string Operator { get; init; }
    public IReadOnlyList<string>? Values { get; init; }
}
