using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// Step 1 of a decision: one proposal per metric and the largest wins, as HPA's horizontal.go does it
/// (computeReplicasForMetrics, computeReplicasForMetric, computeStatusFor*Metric).
/// </summary>
/// <remarks>
/// Prometheus is our extension and follows External exactly: the query's series are summed; a Value target
/// multiplies value/target by the Running-and-Ready pods (and scales from zero with ceil(value/target)); an
/// AverageValue target proposes ceil(total/target), judged for tolerance against status.replicas.
/// </remarks>
public static class MetricEvaluator
{
    /// <summary>spec.metrics when it is empty: 80 % average CPU utilization, HPA's API default.</summary>
    public static IReadOnlyList<MetricSpec> DefaultMetrics { get; } =
    [
        new MetricSpec
        {
            Type = MetricSourceType.Resource,
            Resource = new ResourceMetricSource
            {
                Name = "cpu",
                Target = new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = 80 },
            },
        },
    ];

    /// <summary>Evaluates every metric of the spec at <paramref name="now"/> and picks the largest proposal.</summary>
    /// <example>
    /// <code>
    /// var e = MetricEvaluator.Evaluate(new MetricsInput { Spec = spec, SpecReplicas = 3, StatusReplicas = 3, Pods = pods, PodMetrics = samples }, now);
    /// if (e.Replicas is { } desired) { /* scale toward desired; reason: e.RescaleReason(3) */ }
    /// </code>
    /// </example>
    public static MetricsEvaluation Evaluate(MetricsInput input, DateTimeOffset now)
    {
        var specs = input.Spec.Metrics.Count > 0 ? input.Spec.Metrics : DefaultMetrics;
        var tolerance = input.Tolerance ?? Tolerance.For(input.Spec.Behavior, input.Settings);
        var results = new MetricResult[specs.Count];

        var replicas = 0;
        MetricResult? winner = null, firstFailure = null;
        var invalid = 0;
        for (var i = 0; i < specs.Count; i++)
        {
            var r = Compute(specs[i], i, input, tolerance, now);
            results[i] = r;
            if (r.Replicas is not { } proposal)
            {
                if (invalid == 0) firstFailure = r;
                invalid++;
                continue;
            }
            // Upstream's test is "replicas == 0 ||": a zero proposal never sticks while another metric has one.
            if (replicas == 0 || proposal > replicas)
            {
                replicas = proposal;
                winner = r;
            }
        }

        // All metrics invalid, or some invalid and the rest would scale down: no change, and ScalingActive
        // takes the first failure. A scale-up on partial metrics goes ahead.
        var blocked = invalid >= specs.Count || (invalid > 0 && replicas < input.SpecReplicas);
        return new MetricsEvaluation
        {
            Metrics = results,
            Replicas = blocked ? null : replicas,
            Winner = blocked ? null : winner,
            Timestamp = blocked ? null : winner?.Timestamp,
            InvalidCount = invalid,
            FirstFailure = firstFailure,
            ScalingActive = !blocked,
        };
    }

    private static MetricResult Compute(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance, DateTimeOffset now) =>
        spec.Type switch
        {
            MetricSourceType.Resource => Resource(spec, index, input, tolerance, now),
            MetricSourceType.ContainerResource => ContainerResource(spec, index, input, tolerance, now),
            MetricSourceType.Pods => Pods(spec, index, input, tolerance, now),
            MetricSourceType.Object => Object(spec, index, input, tolerance),
            MetricSourceType.External => External(spec, index, input, tolerance),
            MetricSourceType.Prometheus => Prometheus(spec, index, input, tolerance),
            // Unreachable from JSON (the enum is closed), but a snapshot built in code can carry anything.
            _ => Failed(spec, index, Reasons.InvalidMetricSourceType, $"unknown metric source type \"{(int)spec.Type}\"",
                null, MetricErrorKind.Spec),
        };

    private static MetricResult Resource(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance, DateTimeOffset now)
    {
        if (spec.Resource is not { } source)
            return Failed(spec, index, Reasons.FailedGetResourceMetric, Missing(index, "resource", "Resource"), null, MetricErrorKind.Spec);
        var (proposal, inner, kind) = ResourceProposal(source.Name, null, source.Target, index, "resource", input, tolerance, now);
        // The error prefix is built only on failure: a steady sync formats nothing.
        if (inner is not null)
            return Failed(spec, index, Reasons.FailedGetResourceMetric, inner, $"failed to get {source.Name} resource metric value: ", kind);
        return Succeeded(spec, index, proposal, new MetricStatus
        {
            Type = MetricSourceType.Resource,
            Resource = new ResourceMetricStatus { Name = source.Name, Current = ResourceCurrent(proposal) },
        });
    }

    private static MetricResult ContainerResource(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance, DateTimeOffset now)
    {
        if (spec.ContainerResource is not { } source)
            return Failed(spec, index, Reasons.FailedGetContainerResourceMetric,
                Missing(index, "containerResource", "ContainerResource"), null, MetricErrorKind.Spec);
        var (proposal, inner, kind) = ResourceProposal(source.Name, source.Container, source.Target, index, "containerResource", input, tolerance, now);
        if (inner is not null)
            return Failed(spec, index, Reasons.FailedGetContainerResourceMetric, inner, $"failed to get {source.Container} container metric value: ", kind);
        return Succeeded(spec, index, proposal, new MetricStatus
        {
            Type = MetricSourceType.ContainerResource,
            ContainerResource = new ContainerResourceMetricStatus
            {
                Name = source.Name,
                Container = source.Container,
                Current = ResourceCurrent(proposal),
            },
        });
    }

    /// <summary>HPA: computeStatusForResourceMetricGeneric. An AverageValue target wins over a utilization one.</summary>
    private static (ReplicaProposal Proposal, string? Error, MetricErrorKind Kind) ResourceProposal(string resource, string? container,
        MetricTarget target, int index, string member, MetricsInput input, Tolerance tolerance, DateTimeOffset now)
    {
        if (target.AverageValue is { } averageValue)
        {
            var milli = Milli.Of(averageValue);
            if (milli <= 0) return (default, NotPositive(index, member, "averageValue", averageValue.ToString()), MetricErrorKind.Spec);
            var p = ReplicaCalculator.GetRawResourceReplicas(input.SpecReplicas, milli, resource, container, tolerance,
                input.Pods, input.PodMetrics, input.PodMetricsError, input.Settings, now);
            return p.Succeeded ? (p, null, MetricErrorKind.None) : (p, $"failed to get {resource} usage: {p.Error}", MetricErrorKind.Internal);
        }
        if (target.AverageUtilization is not { } utilization)
            return (default, "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set",
                MetricErrorKind.Spec);
        if (utilization <= 0) return (default, NotPositive(index, member, "averageUtilization", utilization.ToString()), MetricErrorKind.Spec);
        var q = ReplicaCalculator.GetResourceReplicas(input.SpecReplicas, utilization, resource, container, tolerance,
            input.Pods, input.PodMetrics, input.PodMetricsError, input.Settings, now);
        return q.Succeeded ? (q, null, MetricErrorKind.None) : (q, $"failed to get {resource} utilization: {q.Error}", MetricErrorKind.Internal);
    }

    private static MetricValueStatus ResourceCurrent(ReplicaProposal p) => new()
    {
        AverageUtilization = p.Utilization,
        AverageValue = Quantity.FromMilli(p.Usage),
    };

    private static MetricResult Pods(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance, DateTimeOffset now)
    {
        const string outer = "failed to get pods metric value: ";
        if (spec.Pods is not { } source)
            return Failed(spec, index, Reasons.FailedGetPodsMetric, Missing(index, "pods", "Pods"), null, MetricErrorKind.Spec);
        if (source.Target.AverageValue is not { } averageValue)
            return Failed(spec, index, Reasons.FailedGetPodsMetric,
                $"spec.metrics[{index}].pods.target.averageValue: is required (a Pods metric is compared per pod)", outer, MetricErrorKind.Spec);
        var target = Milli.Of(averageValue);
        if (target <= 0)
            return Failed(spec, index, Reasons.FailedGetPodsMetric, NotPositive(index, "pods", "averageValue", averageValue.ToString()), outer,
                MetricErrorKind.Spec);

        var reading = FindReading(input.Readings, index);
        var fetchError = reading is null ? NoReading(index)
            : reading.Error ?? (reading.PerPod is not { Count: > 0 } ? "no metrics returned from custom metrics API" : null);
        if (fetchError is not null)
            return Failed(spec, index, Reasons.FailedGetPodsMetric, $"unable to get metric {source.Metric.Name}: {fetchError}", outer,
                MetricErrorKind.Internal);

        var p = ReplicaCalculator.GetMetricReplicas(input.SpecReplicas, target, reading!.PerPod!, tolerance, input.Pods,
            input.Settings, now, reading.Timestamp);
        if (!p.Succeeded) return Failed(spec, index, Reasons.FailedGetPodsMetric, p.Error!, outer, MetricErrorKind.Internal);
        return Succeeded(spec, index, p, new MetricStatus
        {
            Type = MetricSourceType.Pods,
            Pods = new PodsMetricStatus { Metric = source.Metric, Current = new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage) } },
        });
    }

    private static MetricResult Object(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance)
    {
        const string outer = "failed to get object metric value: ";
        if (spec.Object is not { } source)
            return Failed(spec, index, Reasons.FailedGetObjectMetric, Missing(index, "object", "Object"), null, MetricErrorKind.Spec);
        var t = source.Target;
        var isValue = t.Type == MetricTargetType.Value && t.Value is not null;
        var isAverage = !isValue && t.Type == MetricTargetType.AverageValue && t.AverageValue is not null;
        if (!isValue && !isAverage)
            return Failed(spec, index, Reasons.FailedGetObjectMetric,
                "invalid object metric source: neither a value target nor an average value target was set", outer, MetricErrorKind.Spec);
        var targetQuantity = isValue ? t.Value!.Value : t.AverageValue!.Value;
        var target = Milli.Of(targetQuantity);
        if (target <= 0)
            return Failed(spec, index, Reasons.FailedGetObjectMetric,
                NotPositive(index, "object", isValue ? "value" : "averageValue", targetQuantity.ToString()), outer, MetricErrorKind.Spec);

        var reading = FindReading(input.Readings, index);
        var fetchError = reading is null ? NoReading(index)
            : reading.Error ?? (reading.Values is not { Count: > 0 } ? "no metrics returned from custom metrics API" : null);
        if (fetchError is not null)
        {
            var calcError = $"unable to get metric {source.Metric.Name} on {source.DescribedObject.Kind} {source.DescribedObject.Name}: {fetchError}";
            // The AverageValue path wraps once more before computeReplicasForMetric does (horizontal.go).
            var returned = isValue ? outer : $"{outer}failed to get {source.Metric.Name} object metric: ";
            return Failed(spec, index, Reasons.FailedGetObjectMetric, calcError, returned, MetricErrorKind.Internal);
        }
        var usage = Milli.Of(reading!.Values![0]);
        var p = isValue
            ? ReplicaCalculator.GetObjectMetricReplicas(input.SpecReplicas, target, usage, tolerance, input.Pods, reading.Timestamp)
            : ReplicaCalculator.GetObjectPerPodMetricReplicas(input.StatusReplicas, target, usage, tolerance, reading.Timestamp);
        if (!p.Succeeded) return Failed(spec, index, Reasons.FailedGetObjectMetric, p.Error!, outer, MetricErrorKind.Internal);
        var current = isValue
            ? new MetricValueStatus { Value = Quantity.FromMilli(p.Usage) }
            : new MetricValueStatus { AverageValue = Quantity.FromMilli(p.Usage) };
        return Succeeded(spec, index, p, new MetricStatus
        {
            Type = MetricSourceType.Object,
            Object = new ObjectMetricStatus { DescribedObject = source.DescribedObject, Metric = source.Metric, Current = current },
        });
    }

    private static MetricResult External(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance)
    {
        if (spec.External is not { } source)
            return Failed(spec, index, Reasons.FailedGetExternalMetric, Missing(index, "external", "External"), null, MetricErrorKind.Spec);
        var p = SummedValueProposal(source.Target, index, "external", input, tolerance, Reasons.FailedGetExternalMetric,
            ExternalErrors, source.Metric.Name, spec, out var failure);
        if (failure is not null) return failure;
        return Succeeded(spec, index, p.Proposal, new MetricStatus
        {
            Type = MetricSourceType.External,
            External = new ExternalMetricStatus { Metric = source.Metric, Current = p.Current },
        });
    }

    private static MetricResult Prometheus(MetricSpec spec, int index, MetricsInput input, Tolerance tolerance)
    {
        if (spec.Prometheus is not { } source)
            return Failed(spec, index, Reasons.FailedGetPrometheusMetric, Missing(index, "prometheus", "Prometheus"), null, MetricErrorKind.Spec);
        var p = SummedValueProposal(source.Target, index, "prometheus", input, tolerance, Reasons.FailedGetPrometheusMetric,
            PrometheusErrors, source.Query, spec, out var failure);
        if (failure is not null) return failure;
        return Succeeded(spec, index, p.Proposal, new MetricStatus
        {
            Type = MetricSourceType.Prometheus,
            Prometheus = new PrometheusMetricStatus { Query = source.Query, Current = p.Current },
        });
    }

    /// <summary>The error texts of a summed-value source (HPA's wording for External), built only when it fails.</summary>
    private readonly record struct SummedValueErrors(string Empty, string FetchPrefix, string AverageWrap, string ValueWrap, string Neither, string Outer);

    private static SummedValueErrors ExternalErrors(string name) => new(
        "no metrics returned from external metrics API", $"unable to get external metric {name}: ",
        $"failed to get {name} external metric: ", $"failed to get external metric {name}: ",
        "invalid external metric source: neither a value target nor an average value target was set",
        $"failed to get {name} external metric value: ");

    private static SummedValueErrors PrometheusErrors(string query) => new(
        "the query returned no value", $"unable to get prometheus metric {query}: ",
        "failed to get prometheus metric: ", "failed to get prometheus metric: ",
        "invalid prometheus metric source: neither a value target nor an average value target was set",
        "failed to get prometheus metric value: ");

    /// <summary>HPA: computeStatusForExternalMetric; an AverageValue target wins over a Value one.</summary>
    private static (ReplicaProposal Proposal, MetricValueStatus Current) SummedValueProposal(MetricTarget target, int index, string member,
        MetricsInput input, Tolerance tolerance, string reason, Func<string, SummedValueErrors> errorsFor, string subject,
        MetricSpec spec, out MetricResult? failure)
    {
        failure = null;
        var isAverage = target.AverageValue is not null;
        if (!isAverage && target.Value is null)
        {
            var e = errorsFor(subject);
            failure = Failed(spec, index, reason, e.Neither, e.Outer, MetricErrorKind.Spec);
            return default;
        }
        var targetQuantity = isAverage ? target.AverageValue!.Value : target.Value!.Value;
        var targetMilli = Milli.Of(targetQuantity);
        if (targetMilli <= 0)
        {
            failure = Failed(spec, index, reason, NotPositive(index, member, isAverage ? "averageValue" : "value", targetQuantity.ToString()),
                errorsFor(subject).Outer, MetricErrorKind.Spec);
            return default;
        }
        var reading = FindReading(input.Readings, index);
        var fetchError = reading is null ? NoReading(index)
            : reading.Error ?? (reading.Values is not { Count: > 0 } ? errorsFor(subject).Empty : null);
        if (fetchError is not null)
        {
            var e = errorsFor(subject);
            failure = Failed(spec, index, reason, e.FetchPrefix + fetchError, e.Outer + (isAverage ? e.AverageWrap : e.ValueWrap), MetricErrorKind.Internal);
            return default;
        }
        if (isAverage)
        {
            var a = ReplicaCalculator.GetExternalPerPodMetricReplicas(input.StatusReplicas, targetMilli, reading!.Values!, tolerance, reading.Timestamp);
            return (a, new MetricValueStatus { AverageValue = Quantity.FromMilli(a.Usage) });
        }
        var v = ReplicaCalculator.GetExternalMetricReplicas(input.SpecReplicas, targetMilli, reading!.Values!, tolerance, input.Pods, reading.Timestamp);
        if (!v.Succeeded)
        {
            var e = errorsFor(subject);
            failure = Failed(spec, index, reason, v.Error!, e.Outer + e.ValueWrap, MetricErrorKind.Internal);
            return default;
        }
        return (v, new MetricValueStatus { Value = Quantity.FromMilli(v.Usage) });
    }

    private static MetricReading? FindReading(IReadOnlyList<MetricReading> readings, int index)
    {
        // Readings are usually aligned with spec.metrics; fall back to a scan when they are not.
        if (index < readings.Count && readings[index].Index == index) return readings[index];
        for (var i = 0; i < readings.Count; i++)
            if (readings[i].Index == index) return readings[i];
        return null;
    }

    private static MetricResult Succeeded(MetricSpec spec, int index, ReplicaProposal p, MetricStatus status) => new()
    {
        Index = index,
        Spec = spec,
        Replicas = p.Replicas,
        Status = status,
        Timestamp = p.Timestamp,
    };

    // conditionError is what the ScalingActive condition is built from; outerPrefix is what the per-type
    // function and computeReplicasForMetric wrap around it for the returned error (null for none).
    private static MetricResult Failed(MetricSpec spec, int index, string reason, string conditionError, string? outerPrefix, MetricErrorKind kind) => new()
    {
        Index = index,
        Spec = spec,
        Reason = reason,
        ConditionError = conditionError,
        Error = outerPrefix is null ? conditionError : outerPrefix + conditionError,
        ErrorKind = kind,
    };

    private static string Missing(int index, string member, string type) =>
        $"spec.metrics[{index}].{member}: is required when type is {type}";

    private static string NotPositive(int index, string member, string field, string value) =>
        $"spec.metrics[{index}].{member}.target.{field}: {value}: must be greater than 0";

    private static string NoReading(int index) => $"no value was read for spec.metrics[{index}]";
}
