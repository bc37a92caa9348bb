using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Snapshots;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// The scaler fast mode runs: its spec, whether it is decided as ours or as HPA, its annotations, and the object as
/// read (Json), for runs that rebuild the engine's input from snapshots.
/// </summary>
public sealed record ScalerUnderTest(string Name, ScalerSpec Spec, ScalerKind Kind, IReadOnlyDictionary<string, string> Annotations, string Json = "{}");

/// <summary>
/// Reads an ElasticScaler (or autoscaling/v2 HPA) object as JSON, as <c>kubectl get es NAME -o json</c> prints it,
/// through the snapshot reader so a bad field is named exactly as <c>decide</c> names it.
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

    public static ScalerUnderTest Parse(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException($"{source}: not valid JSON: {e.Message} (give the object as `kubectl get es NAME -o json` prints it)");
        }
        if (node is not JsonObject obj)
            throw new ArgumentException($"{source}: must be a JSON object: an ElasticScaler or an autoscaling/v2 HorizontalPodAutoscaler");
        bool hpa = obj["kind"]?.GetValue<string>() == "HorizontalPodAutoscaler";
        var snapshot = new JsonObject
        {
            ["now"] = "2026-01-01T00:00:00Z",
            ["scale"] = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } },
            [hpa ? "hpa" : "scaler"] = obj.DeepClone(),
        };
        var result = SnapshotReader.Read(snapshot.ToJsonString());
        if (result.Snapshot is not { } s)
            throw new ArgumentException($"{source}: " + string.Join("; ", result.Errors));
        string name = obj["metadata"]?["name"]?.GetValue<string>() ?? "scaler";
        return new ScalerUnderTest(name, s.Input.Spec, s.Input.Kind, s.Input.Annotations, obj.ToJsonString());
    }
}
