using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Tests;

public sealed class TwinWorkloadTests
{
    private static WorkloadObject Target(string image = "wordpress:6.6") =>
        WorkloadObject.Read(JsonDocument.Parse(Fixtures.Deployment("wordpress", 22, image).ToJsonString()).RootElement);

    [Fact]
    public void The_twin_is_the_targets_template_on_the_virtual_node_owned_by_the_scaler()
    {
        var twin = TwinWorkload.Build(Fixtures.Scaler(), Target(), eci: null, ack: true, replicas: 0);

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
        var pod = TwinWorkload.Build(Fixtures.Scaler(), Target(), eci, ack: false, replicas: 3)["spec"]!["template"]!;

        Assert.Equal("serverless", (string?)pod["spec"]!["nodeSelector"]!["pool"]);
        Assert.Null(pod["spec"]!["nodeSelector"]!["type"]);
        Assert.Null(pod["metadata"]!["labels"]![Core.Ack.AckLabels.EciLabel]); // not ACK: no ACK label
        Assert.Equal("burst", (string?)pod["metadata"]!["labels"]!["billing"]);
        Assert.Equal("2-4Gi", (string?)pod["metadata"]!["annotations"]!["k8s.aliyun.com/eci-use-specs"]);
        Assert.Contains(pod["spec"]!["tolerations"]!.AsArray(), t => (string?)t!["key"] == "serverless");
    }

    [Fact]
    public void The_hash_moves_when_the_targets_template_or_the_eci_spec_changes_and_not_when_replicas_do()
    {
        var h = TwinWorkload.HashOf(Target(), null, ack: true);
        Assert.Equal(h, TwinWorkload.HashOf(WorkloadObject.Read(JsonDocument.Parse(Fixtures.Deployment("wordpress", 40).ToJsonString()).RootElement), null, true));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target("wordpress:6.7"), null, ack: true));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target(), new EciPoolSpec { MaxReplicas = 10 }, ack: true));
        Assert.NotEqual(h, TwinWorkload.HashOf(Target(), null, ack: false));
        var built = TwinWorkload.Build(Fixtures.Scaler(), Target(), null, true, 0);
        Assert.Equal(h, (string?)built["metadata"]!["annotations"]![TwinWorkload.TemplateHashAnnotation]);
    }

    [Fact]
    public void An_update_keeps_the_live_twins_replicas_and_resource_version()
    {
        var live = WorkloadObject.Read(JsonDocument.Parse(TwinWorkload.Build(Fixtures.Scaler(), Target(), null, true, 8)
            .Also(o => o["metadata"]!["resourceVersion"] = "42").ToJsonString()).RootElement);
        var update = TwinWorkload.Update(TwinWorkload.Build(Fixtures.Scaler(), Target("wordpress:6.7"), null, true, 0), live);
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
