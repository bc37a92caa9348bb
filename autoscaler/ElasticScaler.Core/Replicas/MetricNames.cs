using System.Text;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// The metric names HPA puts in its rescale reason ("&lt;name&gt; above target") and in ValidMetricFound, worded
/// as horizontal.go words them so a replayed decision reads like the HPA event it mirrors.
/// </summary>
internal static class MetricNames
{
    /// <summary>
    /// The name for a metric spec, following the same target precedence as the calculation (AverageValue before
    /// Utilization for resources; Value before AverageValue for Object; AverageValue before Value for External).
    /// </summary>
    public static string For(MetricSpec spec) => spec.Type switch
    {
        MetricSourceType.Resource when spec.Resource is { } r =>
            r.Target.AverageValue is not null ? ResourceValue(r.Name) : ResourceUtilization(r.Name),
        MetricSourceType.ContainerResource when spec.ContainerResource is { } c =>
            c.Target.AverageValue is not null ? ResourceValue(c.Name) : ContainerResourceUtilization(c.Name),
        MetricSourceType.Pods when spec.Pods is { } p => Pods(p.Metric),
        MetricSourceType.Object when spec.Object is { } o =>
            o.Target.Type == MetricTargetType.Value && o.Target.Value is not null ? ObjectValue(o) : External(o.Metric),
        MetricSourceType.External when spec.External is { } e => External(e.Metric),
        MetricSourceType.Prometheus when spec.Prometheus is { } q => Prometheus(q),
        _ => spec.Type.ToString(),
    };

    public static string ResourceUtilization(string resource) => resource switch
    {
        "cpu" => "cpu resource utilization (percentage of request)",
        "memory" => "memory resource utilization (percentage of request)",
        _ => $"{resource} resource utilization (percentage of request)",
    };

    public static string ContainerResourceUtilization(string resource) => resource switch
    {
        "cpu" => "cpu container resource utilization (percentage of request)",
        "memory" => "memory container resource utilization (percentage of request)",
        _ => $"{resource} container resource utilization (percentage of request)",
    };

    public static string ResourceValue(string resource) => resource switch
    {
        "cpu" => "cpu resource",
        "memory" => "memory resource",
        _ => $"{resource} resource",
    };

    public static string Pods(MetricIdentifier metric) => $"pods metric {metric.Name}";

    public static string ObjectValue(ObjectMetricSource source) => $"{source.DescribedObject.Kind} metric {source.Metric.Name}";

    /// <summary>
    /// External metrics, and (an upstream quirk kept on purpose) Object metrics with an AverageValue target:
    /// <c>external metric qps(nil)</c>, the selector printed as Go's <c>%+v</c> prints a *LabelSelector.
    /// </summary>
    public static string External(MetricIdentifier metric) => $"external metric {metric.Name}({GoSelector(metric.Selector)})";

    public static string Prometheus(PrometheusMetricSource source) => $"prometheus query {source.Query}";

    /// <summary>The gogo-protobuf String() of a LabelSelector: "nil", or &amp;LabelSelector{MatchLabels:map[string]string{k: v,},MatchExpressions:[]LabelSelectorRequirement{},}.</summary>
    internal static string GoSelector(LabelSelector? selector)
    {
        if (selector is null) return "nil";
        var sb = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            var keys = labels.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (var k in keys) sb.Append(k).Append(": ").Append(labels[k]).Append(',');
        }
        sb.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var r in selector.MatchExpressions ?? [])
        {
            sb.Append("LabelSelectorRequirement{Key:").Append(r.Key).Append(",Operator:").Append(r.Operator)
              .Append(",Values:[").Append(string.Join(' ', r.Values ?? [])).Append("],},");
        }
        sb.Append("},}");
        return sb.ToString();
    }
}
