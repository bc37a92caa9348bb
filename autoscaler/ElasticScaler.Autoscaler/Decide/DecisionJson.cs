using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Snapshots;

namespace ElasticScaler.Autoscaler.Decide;

/// <summary>The JSON form of a decision (docs/snapshot-format.md, "Output").</summary>
public static class DecisionJson
{
    public static JsonObject ToJson(string file, DecisionSnapshot snapshot, Decision decision)
    {
        var node = JsonSerializer.SerializeToNode(decision, CoreJson.Options)!.AsObject();
        var result = new JsonObject
        {
            ["apiVersion"] = SnapshotReader.ApiVersion,
            ["kind"] = "DecisionResult",
            ["file"] = file,
            ["object"] = snapshot.ObjectName,
            ["decidedAs"] = decision.Kind == ScalerKind.HorizontalPodAutoscaler ? "HorizontalPodAutoscaler (exactly as HPA autoscaling/v2 would)" : "ElasticScaler",
        };
        foreach (var (key, value) in node)
        {
            if (key != "kind") result[key] = value?.DeepClone(); // "decidedAs" says it; "kind" names this document
        }
        return result;
    }
}
