using System.Text.Json.Nodes;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Snapshots;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Snapshots;

public sealed class SnapshotReaderTests
{
    private static JsonObject Minimal() => JsonNode.Parse("""
        {
          "now": "2026-11-10T14:00:00Z",
          "scaler": {
            "apiVersion": "autoscaling.elasticscaler.io/v1alpha1", "kind": "ElasticScaler",
            "metadata": {"name": "shop", "annotations": {"autoscaling.elasticscaler.io/paused": "false"}},
            "spec": {
              "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "shop"},
              "minReplicas": 2, "maxReplicas": 10,
              "metrics": [
                {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}},
                {"type": "External", "external": {"metric": {"name": "queue"}, "target": {"type": "AverageValue", "averageValue": "30"}}}
              ]
            }
          },
          "scale": {"spec": {"replicas": 2}, "status": {"replicas": 2, "selector": "app=shop"}},
          "pods": {"kind": "PodList", "items": [
            {"metadata": {"name": "shop-a", "creationTimestamp": "2026-11-10T10:00:00Z"},
             "spec": {"nodeName": "n1", "containers": [{"name": "app", "resources": {"requests": {"cpu": "500m"}}}],
                      "initContainers": [{"name": "proxy", "restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}}]},
             "status": {"phase": "Running", "startTime": "2026-11-10T10:00:00Z",
                        "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-10T10:00:30Z"}]}}
          ]},
          "podMetrics": [{"metadata": {"name": "shop-a"}, "timestamp": "2026-11-10T13:59:50Z", "window": "15.035s",
                          "containers": [{"name": "app", "usage": {"cpu": "450m", "memory": "100Mi"}}]}],
          "metricValues": [{"index": 1, "values": ["40", "50"]}],
          "settings": {"tolerance": 0.05, "cpuInitializationPeriod": "2m"}
        }
        """)!.AsObject();

    [Fact]
    public void Reads_the_objects_as_the_api_serves_them()
    {
        var result = SnapshotReader.Read(Minimal().ToJsonString());

        Assert.True(result.Success, string.Join("\n", result.Errors));
        var s = result.Snapshot!;
        Assert.Equal("shop", s.ObjectName);
        Assert.Equal(ScalerKind.ElasticScaler, s.Input.Kind);
        Assert.Equal(2, s.Input.SpecReplicas);
        var pod = Assert.Single(s.Input.Pods);
        Assert.Equal(PodPhase.Running, pod.Phase);
        Assert.True(pod.Ready!.Status);
        Assert.True(Assert.Single(pod.InitContainers).RestartPolicyAlways);
        Assert.Equal(TimeSpan.FromSeconds(15.035), Assert.Single(s.Input.PodMetrics!).Window);
        Assert.Equal(2, Assert.Single(s.Input.Readings).Values!.Count);
        Assert.Equal(0.05, s.Input.Settings.Tolerance);
        Assert.Equal(TimeSpan.FromMinutes(2), s.Input.Settings.CpuInitializationPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Input.Settings.InitialReadinessDelay); // default kept
    }

    [Fact]
    public void An_hpa_object_is_read_as_an_hpa()
    {
        var json = Minimal();
        json["hpa"] = json["scaler"]!.DeepClone();
        json["hpa"]!["kind"] = "HorizontalPodAutoscaler";
        json.Remove("scaler");

        var result = SnapshotReader.Read(json.ToJsonString());

        Assert.Equal(ScalerKind.HorizontalPodAutoscaler, result.Snapshot!.Input.Kind);
    }

    [Fact]
    public void The_scalers_conditions_are_read_so_a_replay_keeps_a_transition_time_that_does_not_flip()
    {
        var json = Minimal();
        json["scaler"]!["status"] = JsonNode.Parse("""
            {"conditions": [
              {"type": "AbleToScale", "status": "False", "reason": "FailedUpdateScale", "message": "the HPA controller was unable to update the target scale: conflict", "lastTransitionTime": "2026-11-10T13:00:00Z"},
              {"type": "ScalingActive", "status": "True", "reason": "ValidMetricFound", "message": "an older message", "lastTransitionTime": "2026-11-10T13:00:00Z"}]}
            """);
        var snapshot = SnapshotReader.Read(json.ToJsonString()).Snapshot!;
        var anHourAgo = DateTimeOffset.Parse("2026-11-10T13:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([ConditionTypes.AbleToScale, ConditionTypes.ScalingActive], snapshot.Input.Conditions.Select(c => c.Type));

        var decision = DecisionPipeline.Decide(snapshot.Input, snapshot.History, snapshot.Now);

        var active = ScalerConditions.Find(decision.Conditions, ConditionTypes.ScalingActive)!;
        Assert.Equal((ConditionStatus.True, anHourAgo), (active.Status, active.LastTransitionTime));   // still True: the time stays
        Assert.NotEqual("an older message", active.Message);
        var able = ScalerConditions.Find(decision.Conditions, ConditionTypes.AbleToScale)!;
        Assert.Equal((ConditionStatus.True, snapshot.Now), (able.Status, able.LastTransitionTime));    // flipped: the time moves
    }

    [Fact]
    public void The_scales_selector_is_read_and_without_it_nothing_scales()
    {
        Assert.Equal("app=shop", SnapshotReader.Read(Minimal().ToJsonString()).Snapshot!.Input.Selector);

        var json = Minimal();
        json["scale"]!["status"]!.AsObject().Remove("selector");
        var snapshot = SnapshotReader.Read(json.ToJsonString()).Snapshot!;
        var decision = DecisionPipeline.Decide(snapshot.Input, snapshot.History, snapshot.Now);

        Assert.Null(snapshot.Input.Selector);
        Assert.Equal(Reasons.InvalidSelector, ScalerConditions.Find(decision.Conditions, ConditionTypes.ScalingActive)!.Reason);
    }

    [Fact]
    public void A_scale_without_spec_replicas_is_at_zero_as_the_api_omits_a_zero()
    {
        var json = Minimal();
        json["scale"]!["spec"] = new JsonObject();

        Assert.Equal(0, SnapshotReader.Read(json.ToJsonString()).Snapshot!.Input.SpecReplicas);
    }

    [Fact]
    public void A_scaler_without_status_starts_with_no_conditions() =>
        Assert.Empty(SnapshotReader.Read(Minimal().ToJsonString()).Snapshot!.Input.Conditions);

    [Theory]
    [InlineData("scaler.spec.metrics[0].type", "\"Cpu\"", "scaler.spec.metrics[0].type: \"Cpu\": must be one of Resource, ContainerResource, Pods, Object, External, Prometheus")]
    [InlineData("scaler.spec.maxReplicas", "\"ten\"", "scaler.spec.maxReplicas: \"ten\": must be an integer")]
    [InlineData("pods.items[0].status.phase", "\"Sleeping\"", "pods.items[0].status.phase: \"Sleeping\": must be one of Pending, Running, Succeeded, Failed, Unknown")]
    [InlineData("pods.items[0].spec.containers[0].resources.requests.cpu", "\"lots\"", "pods.items[0].spec.containers[0].resources.requests.cpu: \"lots\": must be a quantity")]
    [InlineData("podMetrics[0].timestamp", "12", "podMetrics[0].timestamp: 12: must be an RFC 3339 time")]
    [InlineData("metricValues[0].index", "7", "metricValues[0].index: 7: no such entry in spec.metrics (it has 2)")]
    [InlineData("settings.cpuInitializationPeriod", "\"soon\"", "settings.cpuInitializationPeriod: \"soon\": must be a duration")]
    [InlineData("scale.spec.replicas", "\"2\"", "scale.spec.replicas: \"2\": must be an integer")]
    [InlineData("scale.spec.replicas", "-1", "scale.spec.replicas: -1: must be 0 or more")]
    [InlineData("scale.status.selector", "{\"app\": \"shop\"}", "scale.status.selector: {\"app\":\"shop\"}: must be a string")]
    public void A_bad_field_is_named_with_its_value_and_what_it_must_be(string path, string value, string expected)
    {
        var json = Minimal();
        Set(json, path, JsonNode.Parse(value));

        var result = SnapshotReader.Read(json.ToJsonString());

        Assert.False(result.Success);
        Assert.Contains(result.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var json = Minimal();
        json.Remove("now");
        json.Remove("scale");
        Set(json, "pods.items[0].status.phase", JsonValue.Create("Sleeping"));

        var errors = SnapshotReader.Read(json.ToJsonString()).Errors;

        Assert.Contains("now: required", errors);
        Assert.Contains("scale: required", errors);
        Assert.Contains(errors, e => e.StartsWith("pods.items[0].status.phase", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_that_is_not_json_is_rejected_with_the_parser_position()
    {
        var result = SnapshotReader.Read("{\"now\": ");
        Assert.StartsWith("not valid JSON:", Assert.Single(result.Errors));
    }

    [Fact]
    public void A_history_written_out_reads_back_the_same()
    {
        var snapshot = SnapshotReader.Read(Minimal().ToJsonString()).Snapshot!;
        var decision = DecisionPipeline.Decide(snapshot.Input, snapshot.History, snapshot.Now);
        var json = Minimal();
        json["history"] = JsonNode.Parse(SnapshotReader.WriteHistory(decision.History).GetRawText());

        var again = SnapshotReader.Read(json.ToJsonString()).Snapshot!.History;

        Assert.Equal(decision.History.Behavior.Recommendations.ToArray(), again.Behavior.Recommendations.ToArray());
        Assert.Equal(decision.History.LastScaleTime, again.LastScaleTime);
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var parts = path.Split('.');
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            int? index = null;
            int bracket = part.IndexOf('[');
            if (bracket >= 0)
            {
                index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                part = part[..bracket];
            }
            bool last = i == parts.Length - 1;
            if (last && index is null)
            {
                node.AsObject()[part] = value;
                return;
            }
            node = node[part]!;
            if (index is { } idx)
            {
                if (last)
                {
                    node.AsArray()[idx] = value;
                    return;
                }
                node = node[idx]!;
            }
        }
    }
}
