using System.Text.Json.Nodes;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>ElasticScaler objects for the scenarios: the seed's policy (CPU 60%), with the parts a test changes.</summary>
public static class Scalers
{
    public static JsonObject Seed(string name = "wordpress", string target = "wordpress", int min = 22, int max = 100, JsonObject? placement = null,
        JsonObject? behavior = null, JsonArray? schedules = null, bool dryRun = false)
    {
        var spec = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = target },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 60 } },
            }),
            ["behavior"] = behavior ?? FastScaleDown(),
            ["placement"] = placement ?? EcsFirst(),
        };
        if (schedules is not null) spec["schedules"] = schedules;
        if (dryRun) spec["dryRun"] = true;
        return new JsonObject
        {
            ["apiVersion"] = "autoscaling.elasticscaler.io/v1alpha1",
            ["kind"] = "ElasticScaler",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Scenario.Ns },
            ["spec"] = spec,
        };
    }

    /// <summary>HPA's scale-up defaults, and a 60 s scale-down window so a scenario does not wait five minutes.</summary>
    public static JsonObject FastScaleDown() => new()
    {
        ["scaleDown"] = new JsonObject { ["stabilizationWindowSeconds"] = 60 },
    };

    public static JsonObject EcsFirst(bool drainBack = false, int drainAfter = 60) => new()
    {
        ["strategy"] = "EcsFirst",
        ["eci"] = new JsonObject { ["enabled"] = true },
        ["pendingTimeoutSeconds"] = 20,
        ["drainBack"] = new JsonObject { ["enabled"] = drainBack, ["afterSeconds"] = drainAfter },
    };

    public static JsonObject Ratio(int ecs, int eci) => new()
    {
        ["strategy"] = "Ratio",
        ["ratio"] = new JsonObject { ["ecs"] = ecs, ["eci"] = eci },
    };

    public static JsonObject Fixed(int ecs) => new()
    {
        ["strategy"] = "Fixed",
        ["ecs"] = new JsonObject { ["replicas"] = ecs },
    };
}
