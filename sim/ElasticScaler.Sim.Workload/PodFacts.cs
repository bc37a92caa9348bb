using System.Text.Json.Nodes;
using ElasticScaler.Core.Model;

namespace ElasticScaler.Sim.Workload;

/// <summary>What the load model needs from a Pod object: readiness as an Endpoints controller sees it, and capacity.</summary>
public sealed record PodFacts(string Namespace, string Name, string? NodeName, bool Ready, bool Terminating, double CapacityCores, string ContainerName)
{
    /// <summary>
    /// Ready for traffic = phase Running, condition Ready True and no deletionTimestamp (the EndpointSlice controller
    /// moves a terminating pod out of the serving endpoints). Capacity is the sum of the containers' cpu requests,
    /// or their limits when <paramref name="fromLimit"/> and every container has one.
    /// </summary>
    public static PodFacts Read(JsonObject pod, bool fromLimit)
    {
        var meta = pod["metadata"] as JsonObject;
        var spec = pod["spec"] as JsonObject;
        var status = pod["status"] as JsonObject;
        string ns = meta?["namespace"]?.GetValue<string>() ?? "";
        string name = meta?["name"]?.GetValue<string>() ?? "";
        bool terminating = meta?["deletionTimestamp"] is not null;
        bool running = status?["phase"]?.GetValue<string>() == "Running";
        bool readyCondition = status?["conditions"] is JsonArray conditions && conditions.OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");
        decimal requests = 0, limits = 0;
        bool allLimited = true;
        string container = "app";
        if (spec?["containers"] is JsonArray containers)
        {
            foreach (var c in containers.OfType<JsonObject>())
            {
                if (container == "app" && c["name"]?.GetValue<string>() is { } n) container = n;
                var resources = c["resources"] as JsonObject;
                requests += Cpu(resources?["requests"]);
                var limit = Cpu(resources?["limits"]);
                if (limit == 0) allLimited = false;
                limits += limit;
            }
        }
        decimal capacity = fromLimit && allLimited && limits > 0 ? limits : requests;
        return new PodFacts(ns, name, spec?["nodeName"]?.GetValue<string>(), running && readyCondition && !terminating, terminating,
            (double)capacity, container);
    }

    private static decimal Cpu(JsonNode? map) =>
        map is JsonObject o && o["cpu"] is JsonValue v && Quantity.TryParse(v.ToString(), out var q) ? q.Value : 0;
}
