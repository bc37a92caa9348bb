using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// The scaler fast mode runs: its spec, whether it is decided as ours or as HPA, its annotations, and
/// <paramref name="Manifest"/>: the object as a user applies it (JSON: apiVersion, kind, metadata with name, labels
/// and annotations, spec; no status or server fields), which a run through the sim's controllers creates so the
/// twin workload has a real owner.
/// </summary>
public sealed record ScalerUnderTest(string Name, ScalerSpec Spec, ScalerKind Kind, IReadOnlyDictionary<string, string> Annotations, string Manifest);

/// <summary>
/// Reads an ElasticScaler (or autoscaling/v2 HPA) object as JSON, as <c>kubectl get es NAME -o json</c> prints it,
/// through <see cref="KubernetesObjects.Scaler"/>, the mapping <c>decide</c> and the service use, so a bad field is
/// named as they name it.
/// </summary>
public static class ScalerFile
{
    /// <summary>The seed's policy as an ElasticScaler: CPU 60%, 22..100, ECS first and ECI for the burst.</summary>
    public const string SeedJson = """
        {
          "apiVersion": "autoscaling.elasticscaler.io/v1alpha1", "kind": "ElasticScaler",
          "metadata": {"name": "wordpress", "namespace": "wordpress"},
          "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "wordpress"},
            "minReplicas": 22, "maxReplicas": 100,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}}],
            "placement": {
              "strategy": "EcsFirst",
              "eci": {"enabled": true, "maxReplicas": 500, "nodeSelector": {"type": "virtual-kubelet"},
                      "tolerations": [{"key": "virtual-kubelet.io/provider", "operator": "Exists", "effect": "NoSchedule"}]}
            }
          }
        }
        """;

    public static ScalerUnderTest Seed() => Parse(SeedJson, "seed scaler");

    public static ScalerUnderTest ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--scaler {path}: cannot read: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Files people edit by hand may carry comments and trailing commas.</summary>
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static ScalerUnderTest Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not valid JSON: {e.Message} (give the object as `kubectl get es NAME -o json` prints it)");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ArgumentException($"{source}: must be a JSON object: an ElasticScaler or an autoscaling/v2 HorizontalPodAutoscaler");
            // The file is the object itself, so its errors name fields from its root: "spec.maxReplicas: ...".
            var read = KubernetesObjects.Scaler(doc.RootElement, "");
            if (read.Value is not { } scaler)
                throw new ArgumentException($"{source}: " + string.Join("; ", read.Errors));
            var name = scaler.Name ?? "scaler";
            return new ScalerUnderTest(name, scaler.Spec, scaler.Kind, scaler.Annotations, Manifest(doc.RootElement, name, scaler.Kind));
        }
    }

    /// <summary>
    /// What a user would apply: the kind the file was read as, at the version its spec was read in (ours, or
    /// autoscaling/v2 for an HPA), with the file's name, labels, annotations and spec.
    /// </summary>
    private static string Manifest(JsonElement root, string name, ScalerKind kind)
    {
        static JsonNode? Copy(JsonElement e, string property) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) ? JsonNode.Parse(v.GetRawText()) : null;
        var (apiVersion, kindName) = kind == ScalerKind.HorizontalPodAutoscaler
            ? ("autoscaling/v2", "HorizontalPodAutoscaler")
            : (ApiResource.ElasticScalers.ApiVersion, ApiResource.ElasticScalers.Kind);
        var meta = root.TryGetProperty("metadata", out var m) ? m : default;
        var metadata = new JsonObject { ["name"] = name };
        if (Copy(meta, "labels") is { } labels) metadata["labels"] = labels;
        if (Copy(meta, "annotations") is { } annotations) metadata["annotations"] = annotations;
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kindName,
            ["metadata"] = metadata,
            ["spec"] = Copy(root, "spec"),
        }.ToJsonString();
    }
}
