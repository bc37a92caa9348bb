using System.Text.Json;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Objects;

public sealed class KubernetesObjectsTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private const string Pod = """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "shop-a", "namespace": "shop", "labels": {"app": "shop"}, "creationTimestamp": "2026-11-10T10:00:00Z"},
         "spec": {"nodeName": "ecs-1", "nodeSelector": {"pool": "ecs"},
                  "tolerations": [{"key": "virtual-kubelet.io/provider", "operator": "Exists", "effect": "NoSchedule"}],
                  "containers": [{"name": "app", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}],
                  "initContainers": [{"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}}]},
         "status": {"phase": "Running", "startTime": "2026-11-10T10:00:05Z",
                    "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-10T10:00:30Z"},
                                   {"type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-10T10:00:00Z"}]}}
        """;

    [Fact]
    public void A_pod_reads_as_the_api_serves_it()
    {
        var read = KubernetesObjects.Pod(Json(Pod));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        var pod = read.Value!;
        Assert.Equal(("shop-a", PodPhase.Running, "ecs-1"), (pod.Name, pod.Phase, pod.NodeName));
        Assert.Equal(new PodCondition(true, DateTimeOffset.Parse("2026-11-10T10:00:30Z")), pod.Ready);
        Assert.True(pod.Scheduled!.Status);
        Assert.Equal(Quantity.Parse("500m"), pod.Containers.Single().Requests["cpu"]);
        Assert.True(pod.InitContainers.Single().RestartPolicyAlways);
        Assert.Equal("shop", pod.Labels["app"]);
        Assert.Equal("ecs", pod.NodeSelector!["pool"]);
        Assert.Equal("Exists", pod.Tolerations!.Single().Operator);
    }

    [Theory]
    [InlineData("\"Running\"", "\"Sleeping\"", "pod.status.phase: \"Sleeping\": must be one of Pending, Running, Succeeded, Failed, Unknown")]
    [InlineData("\"500m\"", "\"lots\"", "pod.spec.containers[0].resources.requests.cpu: \"lots\": must be a quantity such as \"500m\", \"2\" or \"1Gi\"")]
    [InlineData("\"2026-11-10T10:00:05Z\"", "12", "pod.status.startTime: 12: must be an RFC 3339 time such as \"2026-11-11T00:00:00Z\"")]
    [InlineData("{\"app\": \"shop\"}", "{\"app\": 7}", "pod.metadata.labels.app: 7: must be a string")]
    public void A_bad_pod_field_is_named_with_its_value_and_the_pod_is_not_read(string good, string bad, string expected)
    {
        var read = KubernetesObjects.Pod(Json(ReplaceOnce(Pod, good, bad)));

        Assert.False(read.Success);
        Assert.Null(read.Value);
        Assert.Equal(expected, Assert.Single(read.Errors));
    }

    [Fact]
    public void Every_problem_of_a_pod_is_reported_under_the_given_path()
    {
        var text = ReplaceOnce(ReplaceOnce(Pod, "\"Running\"", "\"Sleeping\""), "\"500m\"", "\"lots\"");

        var errors = KubernetesObjects.Pod(Json(text), "pods.items[3]").Errors;

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("pods.items[3].status.phase: ", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("pods.items[3].spec.containers[0].resources.requests.cpu: ", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "pod.metadata: required")]
    [InlineData("{\"metadata\": {}}", "pod.metadata.name: required")]
    [InlineData("[1, 2]", "pod: [1, 2]: must be an object")]
    public void A_pod_needs_an_object_with_a_name(string text, string expected) =>
        Assert.Equal(expected, Assert.Single(KubernetesObjects.Pod(Json(text)).Errors));

    [Fact]
    public void A_node_reads_labels_taints_cordon_readiness_and_allocatable()
    {
        var read = KubernetesObjects.Node(Json("""
            {"metadata": {"name": "virtual-kubelet-1", "labels": {"type": "virtual-kubelet"}},
             "spec": {"unschedulable": true, "taints": [{"key": "virtual-kubelet.io/provider", "value": "alibabacloud", "effect": "NoSchedule"}]},
             "status": {"allocatable": {"cpu": "7910m", "pods": "110"}, "conditions": [{"type": "Ready", "status": "True"}]}}
            """));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        var node = read.Value!;
        Assert.True(node.IsVirtual);
        Assert.True(node.Unschedulable);
        Assert.True(node.Ready);
        Assert.Equal(Quantity.Parse("7910m"), node.Allocatable["cpu"]);
        Assert.Equal(new Taint("virtual-kubelet.io/provider", "alibabacloud", "NoSchedule"), node.Taints.Single());
    }

    [Fact]
    public void A_node_without_a_ready_condition_is_not_ready() =>
        Assert.False(KubernetesObjects.Node(Json("""{"metadata": {"name": "n"}}""")).Value!.Ready);

    [Theory]
    [InlineData("\"15.035s\"", 15.035)]
    [InlineData(null, 15.0)]   // metrics-server's default window
    public void Pod_metrics_read_usage_and_window(string? window, double seconds)
    {
        var windowField = window is null ? "" : $", \"window\": {window}";
        var read = KubernetesObjects.PodMetrics(Json($$$"""
            {"metadata": {"name": "shop-a"}, "timestamp": "2026-11-10T13:59:50Z"{{{windowField}}},
             "containers": [{"name": "app", "usage": {"cpu": "450m", "memory": "100Mi"}}]}
            """));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        Assert.Equal(("shop-a", TimeSpan.FromSeconds(seconds)), (read.Value!.PodName, read.Value.Window));
        Assert.Equal(Quantity.Parse("450m"), read.Value.Containers.Single().Usage["cpu"]);
    }

    [Fact]
    public void Pod_metrics_need_a_name_and_a_timestamp()
    {
        var errors = KubernetesObjects.PodMetrics(Json("""{"metadata": {}}""")).Errors;
        Assert.Equal(["podMetrics.metadata.name: required", "podMetrics.timestamp: required"], errors);
    }

    [Fact]
    public void A_scaler_spec_binds_hpa_v2_fields_and_ours()
    {
        var read = KubernetesObjects.ScalerSpec(Json("""
            {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "shop"}, "minReplicas": 2, "maxReplicas": 10,
             "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}],
             "behavior": {"panic": {"enabled": true, "window": "30s"}}, "dryRun": true}
            """));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        var spec = read.Value!;
        Assert.Equal((2, 10, true, "shop"), (spec.MinReplicas, spec.MaxReplicas, spec.DryRun, spec.ScaleTargetRef.Name));
        Assert.Equal("30s", spec.Behavior!.Panic!.Window);
    }

    [Theory]
    [InlineData("spec", """{"scaleTargetRef": {"kind": "Deployment", "name": "shop"}, "maxReplicas": "ten"}""", "spec.maxReplicas: \"ten\": must be an integer")]
    [InlineData("hpa.spec", """{"scaleTargetRef": {"kind": "Deployment", "name": "shop"}, "maxReplicas": 3, "metrics": [{"type": "Cpu"}]}""",
        "hpa.spec.metrics[0].type: \"Cpu\": must be one of Resource, ContainerResource, Pods, Object, External, Prometheus")]
    [InlineData("spec", "\"shop\"", "spec: \"shop\": must be an object")]
    public void A_bad_spec_field_is_named_by_its_path(string path, string text, string expected) =>
        Assert.Equal(expected, Assert.Single(KubernetesObjects.ScalerSpec(Json(text), path).Errors));

    [Theory]
    [InlineData("""{"spec": {"replicas": 22}, "status": {"replicas": 24, "selector": "app=wordpress"}}""", 22, 24, "app=wordpress")]
    [InlineData("""{"spec": {}, "status": {"replicas": 0}}""", 0, 0, null)]   // the API omits a zero spec.replicas; no selector: a CR without labelSelectorPath
    [InlineData("""{"spec": {"replicas": 3}}""", 3, 0, null)]
    public void A_scale_reads_its_replicas_and_selector(string text, int spec, int status, string? selector) =>
        Assert.Equal(new TargetScale(spec, status, selector), KubernetesObjects.Scale(Json(text)).Value);

    [Theory]
    [InlineData("""{"status": {"replicas": 1}}""", "scale.spec: required")]
    [InlineData("""{"spec": {"replicas": -2}}""", "scale.spec.replicas: -2: must be 0 or more")]
    [InlineData("""{"spec": {"replicas": 1}, "status": {"selector": ["app=web"]}}""", "scale.status.selector: [\"app=web\"]: must be a string")]
    public void A_bad_scale_is_named_by_its_field(string text, string expected) =>
        Assert.Equal(expected, Assert.Single(KubernetesObjects.Scale(Json(text)).Errors));

    [Theory]
    [InlineData("HorizontalPodAutoscaler", ScalerKind.HorizontalPodAutoscaler)]
    [InlineData("ElasticScaler", ScalerKind.ElasticScaler)]
    [InlineData("Widget", ScalerKind.ElasticScaler)]
    public void A_scaler_object_reads_name_kind_annotations_spec_and_conditions(string kind, ScalerKind decidedAs)
    {
        var read = KubernetesObjects.Scaler(Json($$$"""
            {"kind": "{{{kind}}}", "metadata": {"name": "shop", "annotations": {"autoscaling.elasticscaler.io/paused": "true"}},
             "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "shop"}, "maxReplicas": 10},
             "status": {"conditions": [{"type": "AbleToScale", "status": "True", "reason": "SucceededRescale", "lastTransitionTime": "2026-11-10T13:00:00Z"}]}}
            """));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        var scaler = read.Value!;
        Assert.Equal(("shop", decidedAs, 10), (scaler.Name, scaler.Kind, scaler.Spec.MaxReplicas));
        Assert.Equal("true", scaler.Annotations[PauseAnnotations.Paused]);
        Assert.Equal(Reasons.SucceededRescale, Assert.Single(scaler.Conditions).Reason);
    }

    [Theory]
    [InlineData("""{"kind": "ElasticScaler"}""", "scaler.spec: required")]
    [InlineData("""{"metadata": {"annotations": {"a": 1}}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "shop"}}}""", "scaler.metadata.annotations.a: 1: must be a string")]
    [InlineData("""{"spec": {"scaleTargetRef": {"kind": "Deployment", "name": "shop"}, "minReplicas": "two"}}""", "scaler.spec.minReplicas: \"two\": must be an integer")]
    public void A_bad_scaler_object_is_named_by_its_field(string text, string expected) =>
        Assert.Equal(expected, Assert.Single(KubernetesObjects.Scaler(Json(text)).Errors));

    [Theory]
    [InlineData("""{"metadata": {"labels": {"app": "shop"}}, "spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": "500m"}}}]}}""")]
    [InlineData("""{"spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": "400m"}}}], "initContainers": [{"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}}]}}""")]
    public void A_pod_template_needs_no_name_and_counts_requests_as_the_scheduler_does(string text)
    {
        var read = KubernetesObjects.PodTemplate(Json(text));

        Assert.True(read.Success, string.Join("\n", read.Errors));
        Assert.Equal(Quantity.Parse("500m"), read.Value!.Requests["cpu"]);
    }

    [Fact]
    public void A_bad_template_field_is_named_under_the_template()
    {
        var errors = KubernetesObjects.PodTemplate(Json("""{"spec": {"containers": [{"name": "app", "resources": {"requests": {"cpu": "x"}}}]}}""")).Errors;
        Assert.StartsWith("podTemplate.spec.containers[0].resources.requests.cpu: \"x\": ", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset AnHourAgo = DateTimeOffset.Parse("2026-11-10T13:00:00Z");

    [Fact]
    public void Conditions_read_type_status_reason_message_and_transition_time()
    {
        var conditions = KubernetesObjects.Conditions(Json("""
            {"conditions": [
              {"type": "AbleToScale", "status": "True", "reason": "ReadyForNewScale", "message": "recommended size matches current size", "lastTransitionTime": "2026-11-10T13:00:00Z"},
              {"type": "ScalingActive", "status": "False", "reason": "InvalidSelector", "lastTransitionTime": "2026-11-10T13:00:00Z"},
              {"type": "Panic", "status": "Unknown", "lastTransitionTime": "2026-11-10T13:00:00Z"}]}
            """));

        Assert.Equal(
            [
                new ScalerCondition(ConditionTypes.AbleToScale, ConditionStatus.True, Reasons.ReadyForNewScale, "recommended size matches current size", AnHourAgo),
                new ScalerCondition(ConditionTypes.ScalingActive, ConditionStatus.False, Reasons.InvalidSelector, "", AnHourAgo),
                new ScalerCondition(ConditionTypes.Panic, ConditionStatus.Unknown, "", "", AnHourAgo),
            ],
            conditions.ToArray());
    }

    [Theory]
    [InlineData("""{"status": "True", "lastTransitionTime": "2026-11-10T13:00:00Z"}""")]                     // no type
    [InlineData("""{"type": "AbleToScale", "status": "true", "lastTransitionTime": "2026-11-10T13:00:00Z"}""")] // not True/False/Unknown
    [InlineData("""{"type": "AbleToScale", "status": "True"}""")]                                             // no time
    [InlineData("""{"type": "AbleToScale", "status": "True", "lastTransitionTime": "an hour ago"}""")]
    [InlineData("""{"type": 7, "status": "True", "lastTransitionTime": "2026-11-10T13:00:00Z"}""")]
    [InlineData("\"AbleToScale\"")]
    public void A_condition_that_cannot_be_read_is_left_out_and_the_rest_kept(string bad)
    {
        var conditions = KubernetesObjects.Conditions(Json($$"""
            {"conditions": [{{bad}}, {"type": "ScalingLimited", "status": "False", "reason": "DesiredWithinRange", "lastTransitionTime": "2026-11-10T13:00:00Z"}]}
            """));

        Assert.Equal(ConditionTypes.ScalingLimited, Assert.Single(conditions).Type);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"conditions": null}""")]
    [InlineData("""{"conditions": {"type": "AbleToScale"}}""")]
    [InlineData("\"status\"")]
    public void A_status_without_a_condition_list_has_no_conditions(string status) =>
        Assert.Empty(KubernetesObjects.Conditions(Json(status)));

    [Fact]
    public void Of_two_conditions_of_one_type_the_first_counts()
    {
        var conditions = KubernetesObjects.Conditions(Json("""
            {"conditions": [{"type": "AbleToScale", "status": "True", "reason": "First", "lastTransitionTime": "2026-11-10T13:00:00Z"},
                            {"type": "AbleToScale", "status": "False", "reason": "Second", "lastTransitionTime": "2026-11-10T13:00:00Z"}]}
            """));
        Assert.Equal("First", Assert.Single(conditions).Reason);
    }

    [Fact]
    public void With_requested_adds_what_the_live_pods_bound_to_each_node_request()
    {
        PodState Bound(string name, string node, string cpu, PodPhase phase = PodPhase.Running) => new()
        {
            Name = name, NodeName = node, Phase = phase,
            Containers = [new ContainerRequests { Name = "c", Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse(cpu) } }],
        };
        var nodes = new[] { new NodeState { Name = "a" }, new NodeState { Name = "b" } };

        var withRequested = KubernetesObjects.WithRequested(nodes,
            [Bound("p1", "a", "500m"), Bound("p2", "a", "250m"), Bound("done", "a", "4", PodPhase.Succeeded), Bound("p3", "b", "1")]);

        Assert.Equal((Quantity.Parse("750m"), 2), (withRequested[0].Requested["cpu"], withRequested[0].PodCount));
        Assert.Equal((Quantity.Parse("1"), 1), (withRequested[1].Requested["cpu"], withRequested[1].PodCount));
    }

    private static string ReplaceOnce(string text, string from, string to)
    {
        int i = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(i >= 0, $"fixture has no {from}");
        return text[..i] + to + text[(i + from.Length)..];
    }
}
