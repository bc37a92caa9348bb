using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Extracts the selectable fields of an object once, at write time, so selectors never parse stored JSON.</summary>
public static class ObjectFields
{
    public static IReadOnlyDictionary<string, string> Extract(ResourceType type, JsonObject obj)
    {
        var fields = new Dictionary<string, string>
        {
            ["metadata.name"] = (string?)obj["metadata"]?["name"] ?? "",
            ["metadata.namespace"] = (string?)obj["metadata"]?["namespace"] ?? "",
        };
        foreach (var f in type.SelectableFields)
        {
            var node = f == "source" ? obj["source"]?["component"] : JsonPath.Get(obj, f);
            var text = JsonPath.Text(node);
            if (text.Length == 0 && f is "spec.unschedulable" or "spec.hostNetwork")
                text = "false";
            fields[f] = text;
        }
        return fields;
    }
}
