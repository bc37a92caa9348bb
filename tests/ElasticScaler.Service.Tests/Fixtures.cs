using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Tests;

/// <summary>Kubernetes objects as the API serves them, small enough to read in a test.</summary>
internal static class Fixtures
{
    public static JsonObject Deployment(string name, int replicas, string image = "wordpress:6.6", string? ownerUid = null)
    {
        var meta = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "wordpress",
            ["uid"] = "uid-" + name,
            ["resourceVersion"] = "10",
            ["generation"] = 1,
            ["labels"] = new JsonObject { ["app"] = name },
        };
        if (ownerUid is not null)
            meta["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "autoscaling.elasticscaler.io/v1alpha1", ["kind"] = "ElasticScaler", ["name"] = name, ["uid"] = ownerUid, ["controller"] = true });
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "web",
                            ["image"] = image,
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" } },
                        }),
                        ["tolerations"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["operator"] = "Exists" }),
                    },
                },
            },
            ["status"] = new JsonObject { ["replicas"] = replicas, ["readyReplicas"] = replicas, ["observedGeneration"] = 1 },
        };
    }

    public static ScalerObject Scaler(string name = "wordpress", string target = "wordpress")
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "autoscaling.elasticscaler.io/v1alpha1",
            ["kind"] = "ElasticScaler",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "wordpress", ["uid"] = "es-uid", ["resourceVersion"] = "7", ["generation"] = 1 },
            ["spec"] = new JsonObject
            {
                ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = target },
                ["minReplicas"] = 22,
                ["maxReplicas"] = 100,
            },
        };
        return ScalerObject.Read(JsonDocument.Parse(obj.ToJsonString()).RootElement);
    }
}
