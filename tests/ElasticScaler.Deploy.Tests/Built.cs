using System.Text.Json.Nodes;

namespace ElasticScaler.Deploy.Tests;

/// <summary>Reading the objects a kustomization builds.</summary>
public static class Built
{
    public static JsonObject One(IEnumerable<JsonObject> objects, string kind, string? name = null) =>
        objects.Single(o => (string?)o["kind"] == kind && (name is null || (string?)o["metadata"]?["name"] == name));

    public static JsonObject? Find(IEnumerable<JsonObject> objects, string kind) => objects.SingleOrDefault(o => (string?)o["kind"] == kind);

    /// <summary>The service's container in the Deployment.</summary>
    public static JsonObject Container(IEnumerable<JsonObject> objects) =>
        One(objects, "Deployment", "elasticscaler")["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "elasticscaler")!.AsObject();

    public static List<string> Args(JsonObject container) => [.. container["args"]!.AsArray().Select(a => (string)a!)];

    /// <summary>The container's environment: literal values, and fieldRefs resolved as the kubelet would for <paramref name="pod"/>.</summary>
    public static Dictionary<string, string> Env(JsonObject container, string pod, string ns)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in container["env"]?.AsArray() ?? [])
        {
            var name = (string)e!["name"]!;
            if (e["value"] is { } v) env[name] = (string)v!;
            else env[name] = (string?)e["valueFrom"]?["fieldRef"]?["fieldPath"] switch
            {
                "metadata.name" => pod,
                "metadata.namespace" => ns,
                var other => throw new InvalidOperationException($"env {name}: the test resolves only metadata.name and metadata.namespace, not {other}"),
            };
        }
        return env;
    }

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
