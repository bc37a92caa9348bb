using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Objects;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// HorizontalPodAutoscaler, autoscaling/v2 (and v2beta2, the same shape) or autoscaling/v1, to the metric side of
/// an ElasticScaler. Our spec is HPA v2's plus extensions, so v2's scaleTargetRef, bounds, metrics and behavior carry
/// over verbatim and are bound through Core's one mapping (KubernetesObjects) to prove it; v1's
/// targetCPUUtilizationPercentage becomes the Resource cpu Utilization metric it means. Nothing is lost.
/// </summary>
public static class HpaSource
{
    public static bool Reads(string apiVersion, string kind) =>
        kind == SourceRef.Hpa && apiVersion is "autoscaling/v2" or "autoscaling/v2beta2" or "autoscaling/v1";

    /// <summary>The ScaledObject owning this HPA (KEDA's keda-hpa-NAME), which is imported instead; null when none.</summary>
    public static string? OwningScaledObject(JsonObject hpa)
    {
        if (hpa["metadata"]?["ownerReferences"] is not JsonArray owners) return null;
        foreach (var o in owners)
            if (o is JsonObject owner && SourceFields.Str(owner["kind"]) == SourceRef.ScaledObject && (SourceFields.Str(owner["apiVersion"]))?.StartsWith("keda.sh/", StringComparison.Ordinal) == true)
                return SourceFields.Str(owner["name"]);
        return null;
    }

    public static ScalerPart? Read(JsonObject hpa, SourceFields f)
    {
        var apiVersion = SourceFields.Str(hpa["apiVersion"]) ?? "";
        var (name, ns) = f.Identity(hpa);
        var spec = f.Object(hpa, "spec", "spec", required: true);
        if (spec is null || name is null) return null;
        var target = ReadTarget(spec, f, "spec.scaleTargetRef", defaultApiVersion: null);
        var max = f.Int(spec, "maxReplicas", "spec.maxReplicas", required: true);
        var min = f.Int(spec, "minReplicas", "spec.minReplicas");
        JsonArray? metrics = null;
        JsonObject? behavior = null;
        if (apiVersion == "autoscaling/v1")
        {
            if (f.Int(spec, "targetCPUUtilizationPercentage", "spec.targetCPUUtilizationPercentage") is { } cpu)
                metrics = [CpuUtilization(cpu)];
        }
        else
        {
            metrics = f.Array(spec, "metrics", "spec.metrics")?.DeepClone().AsArray();
            behavior = f.Object(spec, "behavior", "spec.behavior")?.DeepClone().AsObject();
            // The one mapping binds the v2 spec as our own; a field of the wrong type is named by its path.
            using var doc = JsonDocument.Parse(spec.ToJsonString());
            foreach (var problem in KubernetesObjects.ScalerSpec(doc.RootElement, "spec").Errors) f.Add(problem);
        }
        if (target is null || max is null || f.Problems.Count > 0) return null;
        return new ScalerPart
        {
            Source = new SourceRef(SourceRef.Hpa, ns, name),
            Target = target,
            MinReplicas = min,
            MaxReplicas = max.Value,
            Metrics = metrics is { Count: > 0 } ? metrics : null,
            Behavior = behavior,
        };
    }

    /// <summary>A Resource cpu metric at <paramref name="percent"/>% of requests: HPA v1's only metric, and KEDA's cpu trigger.</summary>
    public static JsonObject CpuUtilization(int percent) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject
        {
            ["name"] = "cpu",
            ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = percent },
        },
    };

    /// <summary>A scaleTargetRef: kind and name required (KEDA defaults kind to Deployment and apiVersion to apps/v1).</summary>
    public static TargetRef? ReadTarget(JsonObject spec, SourceFields f, string path, string? defaultApiVersion, string? defaultKind = null)
    {
        var r = f.Object(spec, "scaleTargetRef", path, required: true);
        if (r is null) return null;
        var apiVersion = f.String(r, "apiVersion", $"{path}.apiVersion") ?? defaultApiVersion;
        var kind = defaultKind is null ? f.String(r, "kind", $"{path}.kind", required: true) : f.String(r, "kind", $"{path}.kind") ?? defaultKind;
        var name = f.String(r, "name", $"{path}.name", required: true);
        return kind is null || string.IsNullOrEmpty(name) ? null : new TargetRef(apiVersion, kind, name);
    }
}
