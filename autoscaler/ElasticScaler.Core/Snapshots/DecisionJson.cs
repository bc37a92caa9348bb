using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Serialization;

namespace ElasticScaler.Core.Snapshots;

/// <summary>The JSON form of a decision (docs/snapshot-format.md, "Output"): what <c>decide --json</c> prints and the service dumps.</summary>
public static class DecisionJson
{
    public static JsonObject ToJson(string file, string objectName, Decision decision)
    {
        var node = JsonSerializer.SerializeToNode(decision, CoreJson.Options)!.AsObject();
        var result = new JsonObject
        {
            ["apiVersion"] = SnapshotReader.ApiVersion,
            ["kind"] = "DecisionResult",
            ["file"] = file,
            ["object"] = objectName,
            ["decidedAs"] = decision.Kind == ScalerKind.HorizontalPodAutoscaler ? "HorizontalPodAutoscaler (exactly as HPA autoscaling/v2 would)" : "ElasticScaler",
        };
        foreach (var (key, value) in node)
        {
            if (key != "kind") result[key] = value?.DeepClone(); // "decidedAs" says it; "kind" names this document
        }
        return result;
    }
}
