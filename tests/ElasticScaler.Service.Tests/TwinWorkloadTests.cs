using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Tests;

public sealed class TwinWorkloadTests
{
    private static WorkloadObject Target(string image = "wordpress:6.6") =>
        WorkloadObject.Read(JsonDocument.Parse(Fixtures.Deployment("wordpress", 22, image).ToJsonString()).RootElement);

    /// <summary>What the service puts on the twin's pods with its default options (ACK's virtual node).</summary>
    private static TwinPodSettings Pod(EciPoolSpec? eci = null, bool ack = true) => EciPodDefaults.Ack.Resolve(eci, ack);

    [Fact]
    public void The_twin_is_the_targets_template_on_the_virtual_node_owned_by_the_scaler()
    {
        var twin = TwinWorkload.Build(Fixtures.Scaler(), Target(), Pod(), replicas: 0);

        Assert.Equal("wordpress-eci", (string?)twin["metadata"]!["name"]);
        var owner = twin["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("ElasticScaler", "es-uid", true), ((string?)owner["kind"], (string?)owner["uid"], (bool?)owner["controller"]));
        Assert.Equal(0, (int?)twin["spec"]!["replicas"]);
        // Its own selector adds the pool label, so the target's ReplicaSets never count its pods...
        Assert.Equal("eci", (string?)twin["spec"]!["selector"]!["matchLabels"]![TwinWorkload.PoolLabel]);
        Assert.Equal("wordpress", (string?)twin["spec"]!["selector"]!["matchLabels"]!["app"]);
        var pod = twin["spec"]!["template"]!;
        // ...and its pods keep the target's labels, so the Service and the engine see one workload.
        Assert.Equal("wordpress", (string?)pod["metadata"]!["labels"]!["app"]);
        Assert.Equal("true", (string?)pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]);
        Assert.Equal("virtual-kubelet", (string?)pod["spec"]!["nodeSelector"]!["type"]);
        var tolerations = pod["spec"]!["tolerations"]!.AsArray().Select(t => (string?)t!["key"]).ToList();
        Assert.Equal(["dedicated", "virtual-kubelet.io/provider"], tolerations);
        Assert.Equal("wordpress:6.6", (string?)pod["spec"]!["containers"]![0]!["image"]);
    }

    [Fact]
    public void The_eci_spec_replaces_the_default_node_selector_and_adds_labels_and_annotations()
    {
        var eci = new EciPoolSpec
        {
            NodeSelector = new Dictionary<string, string> { ["pool"] = "serverless" },
            Tolerations = [new Toleration { Key = "serverless", Operator = "Exists", Effect = "NoSchedule" }],
            Labels = new Dictionary<string, string> { ["billing"] = "burst" },
            Annotations = new Dictionary<string, string> { ["k8s.aliyun.com/eci-use-specs"] = "2-4Gi" },
        };
        var pod = TwinWorkload.Build(Fixtures.Scaler(), Target(), Pod(eci, ack: false), replicas: 3)["spec"]!["template"]!;

        Assert.Equal("serverless", (string?)pod["spec"]!["nodeSelector"]!["pool"]);
        Assert.Null(pod["spec"]!["nodeSelector"]!["type"]);
        Assert.Null(pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]); // not ACK: no ACK label
        Assert.Equal("burst", (string?)pod["metadata"]!["labels"]!["billing"]);
        Assert.Equal("2-4Gi", (string?)pod["metadata"]!["annotations"]!["k8s.aliyun.com/eci-use-specs"]);
        Assert.Contains(pod["spec"]!["tolerations"]!.AsArray(), t => (string?)t!["key"] == "serverless");
    }

    [Fact]
    public void The_hash_moves_when_the_targets_template_or_what_the_twin_adds_changes_and_not_when_replicas_or_caps_do()
    {
        var h = TwinWorkload.HashOf(Target(), Pod());
        Assert.Equal(h, TwinWorkload.HashOf(WorkloadObject.Read(JsonDocument.Parse(Fixtures.Deployment("wordpress", 40).ToJsonString()).RootElement), Pod()));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target("wordpress:6.7"), Pod()));
        // A cap changes no pod: the twin is not re-templated for it.
        Assert.Equal(h, TwinWorkload.HashOf(Target(), Pod(new EciPoolSpec { MaxReplicas = 10 })));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target(), Pod(new EciPoolSpec { Labels = new Dictionary<string, string> { ["billing"] = "burst" } })));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target(), Pod(ack: false)));
        var otherSelector = EciPodDefaults.Ack with { NodeSelector = new Dictionary<string, string> { ["pool"] = "serverless" } };
        Assert.NotEqual(h, TwinWorkload.HashOf(Target(), otherSelector.Resolve(null, ack: true)));
        var built = TwinWorkload.Build(Fixtures.Scaler(), Target(), Pod(), 0);
        Assert.Equal(h, (string?)built["metadata"]!["annotations"]![TwinWorkload.TemplateHashAnnotation]);
    }

    [Fact]
    public void The_service_options_change_the_twins_template_where_the_spec_is_silent()
    {
        var options = new Options.ControllerOptions
        {
            EciNodeSelector = new Dictionary<string, string> { ["node.kubernetes.io/instance-type"] = "virtual" },
            EciTolerations = [new Toleration { Key = "serverless", Operator = "Equal", Value = "true", Effect = "NoExecute" }],
            EciPodLabels = new Dictionary<string, string> { ["burst"] = "eci" },
            EciPodLabelsWhen = EciPodLabelsWhen.Always,
        };
        var defaults = EciPodDefaults.From(options);
        // Not ACK, yet "always" puts the pod labels on; the spec's own label sits beside them.
        var spec = new EciPoolSpec { Labels = new Dictionary<string, string> { ["billing"] = "burst" } };
        var pod = TwinWorkload.Build(Fixtures.Scaler(), Target(), defaults.Resolve(spec, ack: false), 0)["spec"]!["template"]!;

        Assert.Equal("virtual", (string?)pod["spec"]!["nodeSelector"]!["node.kubernetes.io/instance-type"]);
        Assert.Null(pod["spec"]!["nodeSelector"]!["type"]);
        var added = pod["spec"]!["tolerations"]!.AsArray().Single(t => (string?)t!["key"] == "serverless")!;
        Assert.Equal(("Equal", "true", "NoExecute"), ((string?)added["operator"], (string?)added["value"], (string?)added["effect"]));
        Assert.DoesNotContain(pod["spec"]!["tolerations"]!.AsArray(), t => (string?)t!["key"] == "virtual-kubelet.io/provider");
        Assert.Equal(("eci", "burst", "eci"), ((string?)pod["metadata"]!["labels"]!["burst"], (string?)pod["metadata"]!["labels"]!["billing"], (string?)pod["metadata"]!["labels"]![TwinWorkload.PoolLabel]));
        Assert.Null(pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]);

        // The spec's node selector and tolerations replace the options'.
        var own = defaults.Resolve(new EciPoolSpec { NodeSelector = new Dictionary<string, string> { ["type"] = "virtual-kubelet" } }, ack: false);
        Assert.Equal(new Dictionary<string, string> { ["type"] = "virtual-kubelet" }, own.NodeSelector);
        Assert.Equal(options.EciTolerations, own.Tolerations);
    }

    [Theory]
    [InlineData(EciPodLabelsWhen.Auto, true, true)]
    [InlineData(EciPodLabelsWhen.Auto, false, false)]
    [InlineData(EciPodLabelsWhen.Always, false, true)]
    [InlineData(EciPodLabelsWhen.Never, true, false)]
    public void The_ack_label_goes_on_when_the_option_says(EciPodLabelsWhen when, bool ack, bool labelled)
    {
        var pod = TwinWorkload.Build(Fixtures.Scaler(), Target(), (EciPodDefaults.Ack with { PodLabelsWhen = when }).Resolve(null, ack), 0)["spec"]!["template"]!;
        Assert.Equal(labelled ? "true" : null, (string?)pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]);
    }

    [Fact]
    public void A_spec_label_cannot_take_the_twins_pods_out_of_its_selector()
    {
        var spec = new EciPoolSpec { Labels = new Dictionary<string, string> { [TwinWorkload.PoolLabel] = "ecs" } };
        var twin = TwinWorkload.Build(Fixtures.Scaler(), Target(), Pod(spec), 0);
        Assert.Equal("eci", (string?)twin["spec"]!["template"]!["metadata"]!["labels"]![TwinWorkload.PoolLabel]);
    }

    [Fact]
    public void An_update_keeps_the_live_twins_replicas_and_resource_version()
    {
        var live = WorkloadObject.Read(JsonDocument.Parse(TwinWorkload.Build(Fixtures.Scaler(), Target(), Pod(), 8)
            .Also(o => o["metadata"]!["resourceVersion"] = "42").ToJsonString()).RootElement);
        var update = TwinWorkload.Update(TwinWorkload.Build(Fixtures.Scaler(), Target("wordpress:6.7"), Pod(), 0), live);
        Assert.Equal((8, "42"), ((int?)update["spec"]!["replicas"], (string?)update["metadata"]!["resourceVersion"]));
    }
}

internal static class JsonNodeExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
