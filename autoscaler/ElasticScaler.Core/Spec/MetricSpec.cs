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

/// <summary>
/// Our extension: a PromQL instant query against a Prometheus HTTP API (<c>GET {serverAddress}/api/v1/query</c>);
/// the series it returns are summed, as HPA sums an External metric's series.
/// </summary>
public sealed record PrometheusMetricSource
{
    /// <summary>The timeout when <see cref="Timeout"/> is not set.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);
    /// <summary>The staleness bound when <see cref="StaleAfter"/> is not set.</summary>
    public static readonly TimeSpan DefaultStaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>The Prometheus (or Thanos, Mimir, Cortex) base URL, http:// or https://, e.g. http://prometheus.monitoring:9090.</summary>
    public required string ServerAddress { get; init; }
    public required string Query { get; init; }
    public required MetricTarget Target { get; init; }
    /// <summary>How long one query may take, a duration such as "5s"; default 5s. Also sent to Prometheus as its own timeout.</summary>
    public string? Timeout { get; init; }
    /// <summary>A result whose sample is further than this from the service's clock counts as missing; default 2m.</summary>
    public string? StaleAfter { get; init; }
    /// <summary>Extra request headers, e.g. X-Scope-OrgID for a multi-tenant Mimir or Cortex.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    /// <summary>A Secret key in the scaler's namespace whose value is sent as "Authorization: Bearer &lt;value&gt;".</summary>
    public SecretKeySelector? BearerTokenSecret { get; init; }
    /// <summary>HTTP basic authentication from Secret keys; exclusive with <see cref="BearerTokenSecret"/>.</summary>
    public PrometheusBasicAuth? BasicAuth { get; init; }
    /// <summary>How an https:// server is trusted.</summary>
    public PrometheusTls? Tls { get; init; }
}

/// <summary>One key of a Secret in the scaler's namespace (core/v1 SecretKeySelector without optional).</summary>
public sealed record SecretKeySelector
{
    public required string Name { get; init; }
    public required string Key { get; init; }
}

public sealed record PrometheusBasicAuth
{
    public required SecretKeySelector Username { get; init; }
    public required SecretKeySelector Password { get; init; }
}

public sealed record PrometheusTls
{
    /// <summary>A Secret key holding the PEM CA bundle to trust instead of the system's roots.</summary>
    public SecretKeySelector? CaSecret { get; init; }
    /// <summary>The name sent as SNI (and as the Host header) and that the server's certificate must carry; default the serverAddress host.</summary>
    public string? ServerName { get; init; }
    /// <summary>Accept any certificate (for a test setup only: anyone on the path can read the query and the credentials).</summary>
    public bool InsecureSkipVerify { get; init; }
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
