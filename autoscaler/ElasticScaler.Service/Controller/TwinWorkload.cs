using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Placement;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The ECI part of a target: a workload of the target's kind named <c>&lt;target&gt;-eci</c>, owned by the
/// ElasticScaler, whose pods are the target's template plus <see cref="TwinPodSettings"/>: <c>spec.placement.eci</c>'s
/// node selector, tolerations, labels and annotations over the service's <see cref="EciPodDefaults"/> (ACK's virtual
/// node and, on ACK, the <c>alibabacloud.com/eci=true</c> label unless configured otherwise). Its pods keep the
/// target's selector labels, so the Service, the metrics and the engine see one workload; its own selector adds
/// <c>elasticscaler.io/pool=eci</c>, so neither workload's controller ever counts the other's pods.
/// <see cref="TemplateHashAnnotation"/> records what it was built from: when the target's template or what the twin
/// adds to it changes (the ECI spec, the service's ECI options) the hash differs, the twin is updated and rolls as
/// the target rolls.
/// </summary>
public static class TwinWorkload
{
    public const string PoolLabel = AckLabels.PoolLabel;
    public const string EciPool = AckLabels.PoolEci;
    /// <summary>Names the owning ElasticScaler on the twin, so a change of the twin wakes its scaler.</summary>
    public const string ScalerLabel = "elasticscaler.io/scaler";
    public const string TemplateHashAnnotation = "elasticscaler.io/template-hash";

    public static string NameFor(string target) => TwinNames.For(target);

    /// <summary>What the twin is built from, hashed: the target's template and what the twin adds to its pods.</summary>
    public static string HashOf(WorkloadObject target, TwinPodSettings pod) =>
        WorkloadObject.Hash(target.TemplateHash + "|" + pod.Canonical());

    /// <summary>The twin to create (replicas 0) or the spec to update an existing twin with (its replicas kept).</summary>
    public static JsonObject Build(ScalerObject scaler, WorkloadObject target, TwinPodSettings pod, int replicas)
    {
        var source = JsonNode.Parse(target.Raw.GetRawText())!.AsObject();
        var meta = source["metadata"]!.AsObject();
        var spec = source["spec"]!.AsObject();
        var name = NameFor((string)meta["name"]!);

        var labels = meta["labels"] is JsonObject l ? (JsonObject)l.DeepClone() : [];
        labels[PoolLabel] = EciPool;
        labels[ScalerLabel] = scaler.Name;

        var twinSpec = (JsonObject)spec.DeepClone();
        twinSpec["replicas"] = replicas;
        twinSpec.Remove("paused");
        var selector = twinSpec["selector"] as JsonObject ?? [];
        var matchLabels = selector["matchLabels"] as JsonObject ?? [];
        matchLabels[PoolLabel] = EciPool;
        selector["matchLabels"] = matchLabels;
        twinSpec["selector"] = selector;

        var template = twinSpec["template"] as JsonObject ?? [];
        var templateMeta = template["metadata"] as JsonObject ?? [];
        var podLabels = templateMeta["labels"] as JsonObject ?? [];
        foreach (var (k, v) in pod.Labels) podLabels[k] = v;
        podLabels[PoolLabel] = EciPool; // last: the twin's selector needs it, whatever the labels say
        templateMeta["labels"] = podLabels;
        if (pod.Annotations is { Count: > 0 } extra)
        {
            var podAnnotations = templateMeta["annotations"] as JsonObject ?? [];
            foreach (var (k, v) in extra) podAnnotations[k] = v;
            templateMeta["annotations"] = podAnnotations;
        }
        template["metadata"] = templateMeta;

        var podSpec = template["spec"] as JsonObject ?? [];
        var nodeSelector = podSpec["nodeSelector"] as JsonObject ?? [];
        foreach (var (k, v) in pod.NodeSelector) nodeSelector[k] = v;
        podSpec["nodeSelector"] = nodeSelector;
        var tolerations = podSpec["tolerations"] as JsonArray ?? [];
        foreach (var t in pod.Tolerations)
        {
            var node = new JsonObject();
            if (t.Key is not null) node["key"] = t.Key;
            if (t.Operator is not null) node["operator"] = t.Operator;
            if (t.Value is not null) node["value"] = t.Value;
            if (t.Effect is not null) node["effect"] = t.Effect;
            if (!tolerations.Any(existing => JsonNode.DeepEquals(existing, node))) tolerations.Add(node);
        }
        podSpec["tolerations"] = tolerations;
        template["spec"] = podSpec;
        twinSpec["template"] = template;

        return new JsonObject
        {
            ["apiVersion"] = (string?)source["apiVersion"] ?? "apps/v1",
            ["kind"] = target.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = scaler.Namespace,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { [TemplateHashAnnotation] = HashOf(target, pod) },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = ApiResource.ElasticScalers.ApiVersion,
                    ["kind"] = ApiResource.ElasticScalers.Kind,
                    ["name"] = scaler.Name,
                    ["uid"] = scaler.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = twinSpec,
        };
    }

    /// <summary>The twin updated in place: the new build with the live object's resourceVersion and replicas (written through /scale).</summary>
    public static JsonObject Update(JsonObject build, WorkloadObject live)
    {
        build["metadata"]!["resourceVersion"] = live.Raw.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        build["spec"]!["replicas"] = live.SpecReplicas;
        return build;
    }

    /// <summary>ACK's virtual node carries the provider taint with value alibabacloud; other virtual-kubelet providers differ.</summary>
    public static bool IsAck(IEnumerable<Core.State.NodeState> nodes) =>
        nodes.Any(n => n.IsVirtual && n.Taints.Any(t => t.Key == AckLabels.VirtualKubeletTaintKey && t.Value == AckLabels.VirtualKubeletTaintValue));
}
