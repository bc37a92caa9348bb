using ElasticScaler.Core.Model;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Replicas.Fx;
// spec.metrics[].external.metric.selector, the object form (not the text form of Core.Model.LabelSelector).
using LabelSelector = ElasticScaler.Core.Spec.LabelSelector;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>Small builders for spec.metrics entries.</summary>
public static class Specs
{
    public static readonly CrossVersionObjectReference Deployment = new() { ApiVersion = "apps/v1", Kind = "Deployment", Name = "some-deployment" };

    public static MetricSpec CpuUtilization(int percent) => new()
    {
        Type = MetricSourceType.Resource,
        Resource = new() { Name = "cpu", Target = new() { Type = MetricTargetType.Utilization, AverageUtilization = percent } },
    };

    public static MetricSpec CpuAverage(string value) => new()
    {
        Type = MetricSourceType.Resource,
        Resource = new() { Name = "cpu", Target = new() { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse(value) } },
    };

    public static MetricSpec ContainerCpuUtilization(string container, int percent) => new()
    {
        Type = MetricSourceType.ContainerResource,
        ContainerResource = new() { Name = "cpu", Container = container, Target = new() { Type = MetricTargetType.Utilization, AverageUtilization = percent } },
    };

    public static MetricSpec PodsAverage(string name, string value) => new()
    {
        Type = MetricSourceType.Pods,
        Pods = new() { Metric = new() { Name = name }, Target = new() { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse(value) } },
    };

    public static MetricSpec ObjectValue(string name, string value) => new()
    {
        Type = MetricSourceType.Object,
        Object = new() { DescribedObject = Deployment, Metric = new() { Name = name }, Target = new() { Type = MetricTargetType.Value, Value = Quantity.Parse(value) } },
    };

    public static MetricSpec ObjectAverage(string name, string value) => new()
    {
        Type = MetricSourceType.Object,
        Object = new() { DescribedObject = Deployment, Metric = new() { Name = name }, Target = new() { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse(value) } },
    };

    public static MetricSpec ExternalValue(string name, string value, LabelSelector? selector = null) => new()
    {
        Type = MetricSourceType.External,
        External = new() { Metric = new() { Name = name, Selector = selector }, Target = new() { Type = MetricTargetType.Value, Value = Quantity.Parse(value) } },
    };

    public static MetricSpec ExternalAverage(string name, string value) => new()
    {
        Type = MetricSourceType.External,
        External = new() { Metric = new() { Name = name }, Target = new() { Type = MetricTargetType.AverageValue, AverageValue = Quantity.Parse(value) } },
    };

    public static MetricSpec Prometheus(string query, MetricTargetType type, string value) => new()
    {
        Type = MetricSourceType.Prometheus,
        Prometheus = new()
        {
            ServerAddress = "http://prometheus:9090",
            Query = query,
            Target = type == MetricTargetType.Value
                ? new() { Type = type, Value = Quantity.Parse(value) }
                : new() { Type = type, AverageValue = Quantity.Parse(value) },
        },
    };

    public static ScalerSpec Scaler(params MetricSpec[] metrics) => new()
    {
        ScaleTargetRef = Deployment,
        MaxReplicas = 100,
        Metrics = metrics,
    };

    public static MetricReading Values(int index, params long[] milli) => new() { Index = index, Values = Milli(milli), Timestamp = Epoch };
}

/// <summary>
/// computeReplicasForMetrics: several metrics, the largest proposal, failures and the ScalingActive condition.
/// The partial-failure rows follow Kubernetes' horizontal_test.go with its numbers: TestScaleUpOneMetricInvalid,
/// TestScaleUpFromZeroOneMetricInvalid and TestNoScaleDownOneMetricInvalid (an unknown metric type beside CPU),
/// TestScaleUpOneMetricEmpty and TestNoScaleDownOneMetricEmpty (an external metric whose read fails beside CPU).
/// </summary>
public sealed class MetricEvaluatorTests
{
    private const MetricSourceType CheddarCheese = (MetricSourceType)99;
    private static readonly MetricSpec Invalid = new() { Type = CheddarCheese };

    private static MetricsInput Input(Scenario f, ScalerSpec spec, int? statusReplicas = null, params MetricReading[] readings) => new()
    {
        Spec = spec,
        SpecReplicas = f.CurrentReplicas,
        StatusReplicas = statusReplicas ?? f.CurrentReplicas,
        Pods = f.BuildPods(),
        PodMetrics = f.BuildPodMetrics(),
        Readings = readings,
        Settings = Testing,
    };

    private static Scenario Cpu3(params long[] levels) => new() { CurrentReplicas = levels.Length, Requests = CpuRequests(levels.Length, "1.0"), Levels = Levels(levels) };

    [Fact]
    public void Empty_metrics_default_to_80_percent_cpu_utilization()
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(900, 900, 900), Specs.Scaler()), Now);

        // 90 % against 80 %: ratio 1.125, outside tolerance, ceil(1.125 × 3) = 4.
        Assert.Equal(4, e.Replicas);
        var only = Assert.Single(e.Metrics);
        Assert.Equal(80, only.Spec.Resource!.Target.AverageUtilization);
        Assert.Equal(90, only.Status!.Resource!.Current.AverageUtilization);
        Assert.Equal(Quantity.FromMilli(1800), only.Status.Resource.Current.AverageValue);
        Assert.True(e.ScalingActive);
        Assert.Equal(Reasons.ValidMetricFound, e.ScalingActiveReason);
        Assert.Equal("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", e.ScalingActiveMessage);
        Assert.Equal("cpu resource utilization (percentage of request) above target", e.RescaleReason(3));
        Assert.Null(e.Error);
    }

    [Fact]
    public void Scale_up_goes_ahead_when_one_metric_is_invalid()
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(300, 400, 500), Specs.Scaler(Specs.CpuUtilization(30), Invalid)), Now);

        Assert.Equal(4, e.Replicas);
        Assert.True(e.ScalingActive);
        Assert.Equal(1, e.InvalidCount);
        Assert.Equal("invalid metrics (1 invalid out of 2), first error is: unknown metric source type \"99\"", e.Error);
        Assert.Equal(Reasons.InvalidMetricSourceType, e.Metrics[1].Reason);
        Assert.Equal(MetricErrorKind.Spec, e.Metrics[1].ErrorKind);
        Assert.Null(e.Metrics[1].Status);
    }

    [Fact]
    public void Scale_up_from_zero_goes_ahead_when_one_metric_is_invalid()
    {
        var f = Cpu3(300, 400, 500) with { };
        var input = Input(f, Specs.Scaler(Specs.CpuUtilization(30), Invalid)) with { SpecReplicas = 0, StatusReplicas = 0 };
        Assert.Equal(4, MetricEvaluator.Evaluate(input, Now).Replicas);
    }

    [Fact]
    public void Scale_down_is_held_when_one_metric_is_invalid()
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(100, 300, 500, 250, 250), Specs.Scaler(Specs.CpuUtilization(50), Invalid)), Now);

        // CPU alone would propose 3; with a metric missing, a scale-down might be wrong, so nothing changes.
        Assert.Null(e.Replicas);
        Assert.Equal(3, e.Metrics[0].Replicas);
        Assert.False(e.ScalingActive);
        Assert.Equal(Reasons.InvalidMetricSourceType, e.ScalingActiveReason);
        Assert.Equal("the HPA was unable to compute the replica count: unknown metric source type \"99\"", e.ScalingActiveMessage);
        Assert.Equal("", e.RescaleReason(5));
    }

    [Theory]
    [InlineData(new long[] { 300, 400, 500 }, 30, 4)]
    [InlineData(new long[] { 100, 300, 500, 250, 250 }, 50, null)]
    public void A_failing_external_metric_allows_scale_up_but_holds_scale_down(long[] levels, int cpuTarget, int? expected)
    {
        var qps = Specs.ExternalAverage("qps", "1");
        var input = Input(Cpu3(levels), Specs.Scaler(Specs.CpuUtilization(cpuTarget), qps), null,
            new MetricReading { Index = 1, Error = "something went wrong" });
        var e = MetricEvaluator.Evaluate(input, Now);
        Assert.Equal(expected, e.Replicas);
        Assert.Equal(expected is not null, e.ScalingActive);
        Assert.Equal("failed to get qps external metric value: failed to get qps external metric: unable to get external metric qps: something went wrong",
            e.Metrics[1].Error);
    }

    [Fact]
    public void No_change_is_allowed_when_one_metric_is_invalid()
    {
        // CPU within tolerance proposes the current 3; not a scale-down, so the evaluation stands.
        var e = MetricEvaluator.Evaluate(Input(Cpu3(300, 300, 300), Specs.Scaler(Specs.CpuUtilization(30), Specs.ExternalValue("qps", "10"))), Now);
        Assert.Equal(3, e.Replicas);
        Assert.True(e.ScalingActive);
        Assert.Equal(1, e.InvalidCount);
    }

    [Fact]
    public void When_every_metric_fails_nothing_is_proposed_and_the_first_failure_is_reported()
    {
        var input = Input(Cpu3(300, 300, 300), Specs.Scaler(Specs.CpuUtilization(30), Specs.PodsAverage("qps", "10"))) with
        {
            PodMetrics = null,
            PodMetricsError = "the server is currently unable to handle the request",
            Readings = [new MetricReading { Index = 1, Error = "timeout" }],
        };
        var e = MetricEvaluator.Evaluate(input, Now);

        Assert.Null(e.Replicas);
        Assert.False(e.ScalingActive);
        Assert.Equal(2, e.InvalidCount);
        Assert.Equal(Reasons.FailedGetResourceMetric, e.ScalingActiveReason);
        Assert.Equal("the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: the server is currently unable to handle the request",
            e.ScalingActiveMessage);
        Assert.Equal("invalid metrics (2 invalid out of 2), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: the server is currently unable to handle the request",
            e.Error);
        Assert.Equal("failed to get pods metric value: unable to get metric qps: timeout", e.Metrics[1].Error);
        Assert.Equal(Reasons.FailedGetPodsMetric, e.Metrics[1].Reason);
        Assert.Equal(MetricErrorKind.Internal, e.Metrics[1].ErrorKind);
    }

    [Fact]
    public void The_largest_proposal_wins()
    {
        var f = Cpu3(300, 500, 700) with { MetricLevels = [20000, 10000, 30000] };
        var perPod = new MetricReading { Index = 1, PerPod = f.BuildPerPod(), Timestamp = Epoch };

        // CPU proposes 5 (50 % against 30 %); qps proposes 4 (20 against 15).
        var e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.CpuUtilization(30), Specs.PodsAverage("qps", "15")), null, perPod), Now);
        Assert.Equal(5, e.Replicas);
        Assert.Equal([5, 4], e.Metrics.Select(m => m.Replicas!.Value));
        Assert.Equal("cpu resource utilization (percentage of request)", e.MetricName);

        // Against a 5 qps target the pods metric asks for 12 and wins.
        e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.CpuUtilization(30), Specs.PodsAverage("qps", "5")), null, perPod), Now);
        Assert.Equal(12, e.Replicas);
        Assert.Equal("pods metric qps", e.MetricName);
        Assert.Equal("pods metric qps above target", e.RescaleReason(3));
        Assert.Equal(Quantity.FromMilli(20000), e.Metrics[1].Status!.Pods!.Current.AverageValue);
        Assert.Equal(2, e.CurrentMetrics.Count(s => s is not null));
    }

    [Fact]
    public void All_metrics_below_target_is_the_scale_down_reason()
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(100, 300, 500, 250, 250), Specs.Scaler(Specs.CpuUtilization(50))), Now);
        Assert.Equal(3, e.Replicas);
        Assert.Equal("All metrics below target", e.RescaleReason(5));
    }

    [Fact]
    public void Object_value_scales_from_zero()
    {
        var f = new Scenario { CurrentReplicas = 0 };
        var e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.ObjectValue("qps", "15")), null, Specs.Values(0, 20000)), Now);

        Assert.Equal(2, e.Replicas);
        Assert.Equal("Deployment metric qps", e.MetricName);
        var status = e.Metrics[0].Status!.Object!;
        Assert.Equal(Specs.Deployment, status.DescribedObject);
        Assert.Equal(Quantity.Parse("20"), status.Current.Value);
    }

    [Fact]
    public void Object_average_value_reports_the_per_pod_value()
    {
        var e = MetricEvaluator.Evaluate(Input(new Scenario { CurrentReplicas = 3 }, Specs.Scaler(Specs.ObjectAverage("qps", "5")), null, Specs.Values(0, 20000)), Now);
        Assert.Equal(4, e.Replicas);
        Assert.Equal(Quantity.FromMilli(6667), e.Metrics[0].Status!.Object!.Current.AverageValue);
        // Upstream names an Object AverageValue metric "external metric …"; kept so reasons read like HPA's.
        Assert.Equal("external metric qps(nil)", e.MetricName);
    }

    [Fact]
    public void External_metrics_sum_their_series_and_name_their_selector_as_go_prints_it()
    {
        var selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["label"] = "value" } };
        var f = new Scenario { CurrentReplicas = 3 };
        var e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.ExternalValue("qps", "4400m", selector)), null, Specs.Values(0, 4300, 4300)), Now);

        Assert.Equal(6, e.Replicas);
        Assert.Equal(Quantity.FromMilli(8600), e.Metrics[0].Status!.External!.Current.Value);
        Assert.Equal("external metric qps(&LabelSelector{MatchLabels:map[string]string{label: value,},MatchExpressions:[]LabelSelectorRequirement{},})", e.MetricName);
    }

    [Fact]
    public void External_average_value_divides_by_status_replicas()
    {
        var e = MetricEvaluator.Evaluate(Input(new Scenario { CurrentReplicas = 3 }, Specs.Scaler(Specs.ExternalAverage("qps", "2150m")), null, Specs.Values(0, 8600)), Now);
        Assert.Equal(4, e.Replicas);
        Assert.Equal(Quantity.FromMilli(2867), e.Metrics[0].Status!.External!.Current.AverageValue);
    }

    [Fact]
    public void External_read_failures_are_worded_as_hpa_words_them()
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(600, 600, 600), Specs.Scaler(Specs.CpuUtilization(30), Specs.ExternalAverage("qps", "1"))), Now);

        // CPU scales up to 6, so the failed external metric does not block it.
        Assert.Equal(6, e.Replicas);
        var failed = e.Metrics[1];
        Assert.Equal(Reasons.FailedGetExternalMetric, failed.Reason);
        Assert.Equal("failed to get qps external metric value: failed to get qps external metric: unable to get external metric qps: no value was read for spec.metrics[1]", failed.Error);
        Assert.Equal("the HPA was unable to compute the replica count: unable to get external metric qps: no value was read for spec.metrics[1]", failed.ConditionMessage);
    }

    [Fact]
    public void Prometheus_value_multiplies_by_ready_pods_like_external()
    {
        var f = new Scenario { CurrentReplicas = 2 };
        const string query = "sum(rate(http_requests_total[1m]))";
        var e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.Prometheus(query, MetricTargetType.Value, "100")), null, Specs.Values(0, 300_000)), Now);

        // 300 against 100 with 2 ready pods: ceil(3 × 2) = 6.
        Assert.Equal(6, e.Replicas);
        Assert.Equal($"prometheus query {query}", e.MetricName);
        Assert.Equal(Quantity.Parse("300"), e.Metrics[0].Status!.Prometheus!.Current.Value);
        Assert.Equal(query, e.Metrics[0].Status!.Prometheus!.Query);
    }

    [Fact]
    public void Prometheus_average_value_is_the_total_over_the_per_pod_target()
    {
        var e = MetricEvaluator.Evaluate(Input(new Scenario { CurrentReplicas = 4 }, Specs.Scaler(Specs.Prometheus("q", MetricTargetType.AverageValue, "50")), null, Specs.Values(0, 300_000)), Now);
        // 300 / (50 × 4) = 1.5, outside tolerance: ceil(300 / 50) = 6; 75 per pod.
        Assert.Equal(6, e.Replicas);
        Assert.Equal(Quantity.Parse("75"), e.Metrics[0].Status!.Prometheus!.Current.AverageValue);
    }

    [Fact]
    public void Prometheus_with_no_value_fails_with_its_own_reason()
    {
        var input = Input(new Scenario { CurrentReplicas = 2 }, Specs.Scaler(Specs.Prometheus("q", MetricTargetType.Value, "1")), null,
            new MetricReading { Index = 0, Values = [] });
        var e = MetricEvaluator.Evaluate(input, Now);
        Assert.Null(e.Replicas);
        Assert.Equal(Reasons.FailedGetPrometheusMetric, e.ScalingActiveReason);
        Assert.Equal("failed to get prometheus metric value: failed to get prometheus metric: unable to get prometheus metric q: the query returned no value", e.Metrics[0].Error);
    }

    [Fact]
    public void Container_resource_and_average_value_targets_report_their_own_status()
    {
        var f = new Scenario { CurrentReplicas = 3, Requests = CpuRequests(3, "1.0"), Levels = [[1000, 300], [1000, 500], [1000, 700]] };
        var e = MetricEvaluator.Evaluate(Input(f, Specs.Scaler(Specs.ContainerCpuUtilization("container2", 30), Specs.CpuAverage("500m"))), Now);

        Assert.Equal(5, e.Metrics[0].Replicas);
        var container = e.Metrics[0].Status!.ContainerResource!;
        Assert.Equal(("cpu", "container2", 50), (container.Name, container.Container, container.Current.AverageUtilization!.Value));
        Assert.Equal("cpu container resource utilization (percentage of request)", e.Metrics[0].MetricName);

        // Pods use 1300, 1500, 1700 milli-CPU: 1500 on average against 500, so 9.
        Assert.Equal(9, e.Metrics[1].Replicas);
        Assert.Equal(Quantity.Parse("1500m"), e.Metrics[1].Status!.Resource!.Current.AverageValue);
        Assert.Null(e.Metrics[1].Status!.Resource!.Current.AverageUtilization);
        Assert.Equal("cpu resource", e.Metrics[1].MetricName);
        Assert.Equal(9, e.Replicas);
    }

    [Fact]
    public void Behavior_tolerance_is_used_when_the_input_sets_none()
    {
        var f = new Scenario { CurrentReplicas = 3, MetricLevels = [20000, 21000, 21000] };
        var reading = new MetricReading { Index = 0, PerPod = f.BuildPerPod() };
        var spec = Specs.Scaler(Specs.PodsAverage("qps", "20"));
        Assert.Equal(3, MetricEvaluator.Evaluate(Input(f, spec, null, reading), Now).Replicas);

        var strict = spec with { Behavior = new BehaviorSpec { ScaleUp = new ScalingRules { Tolerance = Quantity.Parse("0.01") } } };
        Assert.Equal(4, MetricEvaluator.Evaluate(Input(f, strict, null, reading), Now).Replicas);
        // An explicit tolerance in the input wins over behavior.
        Assert.Equal(3, MetricEvaluator.Evaluate(Input(f, strict, null, reading) with { Tolerance = Tolerance.Default }, Now).Replicas);
    }

    [Fact]
    public void Readings_are_matched_by_index_not_position()
    {
        var f = new Scenario { CurrentReplicas = 3 };
        var spec = Specs.Scaler(Specs.ExternalValue("a", "10"), Specs.ExternalValue("b", "10"));
        var e = MetricEvaluator.Evaluate(Input(f, spec, null, Specs.Values(1, 60_000), Specs.Values(0, 20_000)), Now);
        Assert.Equal([6, 18], e.Metrics.Select(m => m.Replicas!.Value));
    }

    public static TheoryData<string, MetricSpec, string, string> SpecErrors => new()
    {
        { "zero utilization", Specs.CpuUtilization(0), Reasons.FailedGetResourceMetric, "spec.metrics[0].resource.target.averageUtilization: 0: must be greater than 0" },
        { "zero average value", Specs.CpuAverage("0"), Reasons.FailedGetResourceMetric, "spec.metrics[0].resource.target.averageValue: 0: must be greater than 0" },
        { "missing pods source", new MetricSpec { Type = MetricSourceType.Pods }, Reasons.FailedGetPodsMetric, "spec.metrics[0].pods: is required when type is Pods" },
        { "negative object value", Specs.ObjectValue("qps", "-1"), Reasons.FailedGetObjectMetric, "spec.metrics[0].object.target.value: -1: must be greater than 0" },
        {
            "object target of the wrong kind",
            Specs.ObjectValue("qps", "1") with { Object = Specs.ObjectValue("qps", "1").Object! with { Target = new() { Type = MetricTargetType.Utilization, AverageUtilization = 5 } } },
            Reasons.FailedGetObjectMetric, "invalid object metric source: neither a value target nor an average value target was set"
        },
        {
            "resource target without a value",
            Specs.CpuUtilization(50) with { Resource = Specs.CpuUtilization(50).Resource! with { Target = new() { Type = MetricTargetType.Utilization } } },
            Reasons.FailedGetResourceMetric, "invalid resource metric source: neither an average utilization target nor an average value (usage) target was set"
        },
    };

    [Theory]
    [MemberData(nameof(SpecErrors))]
    public void Bad_metric_specs_fail_with_the_field_named(string name, MetricSpec metric, string reason, string conditionError)
    {
        var e = MetricEvaluator.Evaluate(Input(Cpu3(500, 500, 500), Specs.Scaler(metric)), Now);
        var r = Assert.Single(e.Metrics);
        Assert.True(r.Reason == reason, name);
        Assert.Equal(conditionError, r.ConditionError);
        Assert.Equal(MetricErrorKind.Spec, r.ErrorKind);
        Assert.Null(e.Replicas);
    }
}
