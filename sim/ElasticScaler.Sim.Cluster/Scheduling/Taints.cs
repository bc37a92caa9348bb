using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>A node taint (key, value, effect: NoSchedule, PreferNoSchedule or NoExecute).</summary>
public sealed record Taint(string Key, string Value, string Effect)
{
    /// <summary>How the scheduler prints it in "had untolerated taint {key: value}".</summary>
    public override string ToString() => "{" + Key + ": " + Value + "}";

    public static IReadOnlyList<Taint> FromNode(JsonObject node) =>
        (node["spec"]?["taints"] as JsonArray)?.OfType<JsonObject>()
            .Select(t => new Taint((string?)t["key"] ?? "", (string?)t["value"] ?? "", (string?)t["effect"] ?? "")).ToList() ?? [];
}

/// <summary>A pod toleration; the matching rules are v1 ToleratesTaint's.</summary>
public sealed record Toleration(string Key, string Operator, string Value, string Effect)
{
    public bool Tolerates(Taint taint)
    {
        if (Effect.Length > 0 && Effect != taint.Effect)
            return false;
        if (Key.Length > 0 && Key != taint.Key)
            return false;
        return Operator switch
        {
            "Exists" => true,
            "" or "Equal" => Value == taint.Value,
            _ => false,
        };
    }

    public static IReadOnlyList<Toleration> FromPod(JsonObject pod) =>
        (pod["spec"]?["tolerations"] as JsonArray)?.OfType<JsonObject>()
            .Select(t => new Toleration((string?)t["key"] ?? "", (string?)t["operator"] ?? "Equal", (string?)t["value"] ?? "", (string?)t["effect"] ?? ""))
            .ToList() ?? [];

    public static bool AnyTolerates(IEnumerable<Toleration> tolerations, Taint taint) => tolerations.Any(t => t.Tolerates(taint));
}
