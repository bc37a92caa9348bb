using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// One entry of <c>status.currentMetrics</c>, HPA v2 MetricStatus plus our Prometheus member: exactly the member
/// named by <see cref="Type"/> is set.
/// </summary>
public sealed record MetricStatus
{
    public required MetricSourceType Type { get; init; }
    public ResourceMetricStatus? Resource { get; init; }
    public ContainerResourceMetricStatus? ContainerResource { get; init; }
    public PodsMetricStatus? Pods { get; init; }
    public ObjectMetricStatus? Object { get; init; }
    public ExternalMetricStatus? External { get; init; }
    public PrometheusMetricStatus? Prometheus { get; init; }

    /// <summary>The current value of whichever member is set.</summary>
    public MetricValueStatus? Current => Type switch
    {
        MetricSourceType.Resource => Resource?.Current,
        MetricSourceType.ContainerResource => ContainerResource?.Current,
        MetricSourceType.Pods => Pods?.Current,
        MetricSourceType.Object => Object?.Current,
        MetricSourceType.External => External?.Current,
        MetricSourceType.Prometheus => Prometheus?.Current,
        _ => null,
    };
}

/// <summary>HPA v2 MetricValueStatus: the current value in the form of the target.</summary>
public sealed record MetricValueStatus
{
    public Quantity? Value { get; init; }
    public Quantity? AverageValue { get; init; }
    /// <summary>Whole percent of the request (utilization targets only).</summary>
    public int? AverageUtilization { get; init; }
}

public sealed record ResourceMetricStatus
{
    public required string Name { get; init; }
    public required MetricValueStatus Current { get; init; }
}

public sealed record ContainerResourceMetricStatus
{
    public required string Name { get; init; }
    public required string Container { get; init; }
    public required MetricValueStatus Current { get; init; }
}

public sealed record PodsMetricStatus
{
    public required MetricIdentifier Metric { get; init; }
    public required MetricValueStatus Current { get; init; }
}

public sealed record ObjectMetricStatus
{
    public required CrossVersionObjectReference DescribedObject { get; init; }
    public required MetricIdentifier Metric { get; init; }
    public required MetricValueStatus Current { get; init; }
}

public sealed record ExternalMetricStatus
{
    public required MetricIdentifier Metric { get; init; }
    public required MetricValueStatus Current { get; init; }
}

/// <summary>Our extension: the query and its current value.</summary>
public sealed record PrometheusMetricStatus
{
    public required string Query { get; init; }
    public required MetricValueStatus Current { get; init; }
}
