using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster.Presets;

namespace ElasticScaler.Deploy.Tests;

/// <summary>deploy/samples: the seed's WordPress as the seed (and the sim's seed preset) sets it up, its scaler, and one sample per placement strategy.</summary>
public sealed class SamplesTests
{
    private static List<JsonObject> Sample(string file) => Yaml.Documents(File.ReadAllText(Repo.Path("deploy", "samples", file)));

    [Fact]
    public void The_wordpress_sample_is_the_seed_presets_deployment_behind_the_walkthroughs_load_balancer()
    {
        var objects = Sample("wordpress.yaml");
        var deployment = Built.One(objects, "Deployment", SeedPreset.Deployment);
        Assert.Equal(SeedPreset.Namespace, (string?)deployment["metadata"]!["namespace"]);
        // The same spec the sim's seed preset creates: 22 replicas of 500m / 512Mi (limits 1 / 1Gi), wordpress:6.4-apache.
        var preset = SeedPreset.WordPress();
        Assert.True(JsonNode.DeepEquals(preset["spec"], deployment["spec"]),
            $"deploy/samples/wordpress.yaml differs from SeedPreset.WordPress():\n{deployment["spec"]!.ToJsonString()}\n{preset["spec"]!.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(preset["metadata"]!["labels"], deployment["metadata"]!["labels"]));

        var service = Built.One(objects, "Service", SeedPreset.Deployment);
        Assert.Equal(("LoadBalancer", "Local"), ((string?)service["spec"]!["type"], (string?)service["spec"]!["externalTrafficPolicy"])); // the seed's walkthrough
        Assert.Equal("wordpress", (string?)service["spec"]!["selector"]!["app"]);
        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal((80L, 80L), ((long?)port["port"], (long?)port["targetPort"]));
        Assert.Equal(SeedPreset.Namespace, (string?)Built.One(objects, "Namespace")["metadata"]!["name"]);
    }

    [Fact]
    public void Its_scaler_is_the_seeds_hpa_with_a_promotion_window_and_ecs_first_placement()
    {
        var es = Built.One(Sample("wordpress-elasticscaler.yaml"), "ElasticScaler", "wordpress");
        var spec = es["spec"]!;
        Assert.Equal(("Deployment", "wordpress"), ((string?)spec["scaleTargetRef"]!["kind"], (string?)spec["scaleTargetRef"]!["name"]));
        Assert.Equal((22L, 100L), ((long?)spec["minReplicas"], (long?)spec["maxReplicas"])); // the seed's HPA: min 22, max 100
        Assert.Equal(60L, (long?)spec["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]); // at 60% CPU
        Assert.Equal("double-11", (string?)spec["schedules"]![0]!["name"]);
        Assert.Equal("EcsFirst", (string?)spec["placement"]!["strategy"]);
    }

    [Fact]
    public void There_is_one_sample_per_placement_strategy_each_with_its_own_workload()
    {
        var byStrategy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in new[] { "placement-ecs-first.yaml", "placement-ratio.yaml", "placement-fixed.yaml" })
        {
            var objects = Sample(file);
            var es = Built.One(objects, "ElasticScaler");
            var target = (string)es["spec"]!["scaleTargetRef"]!["name"]!;
            // Its target ships with it, so each sample applies on its own, and no two scalers share a target.
            Assert.Equal((string?)es["metadata"]!["namespace"], (string?)Built.One(objects, "Deployment", target)["metadata"]!["namespace"]);
            Assert.True(byStrategy.TryAdd((string)es["spec"]!["placement"]!["strategy"]!, target), $"{file}: a second sample of its strategy");
        }
        Assert.Equal(["EcsFirst", "Fixed", "Ratio"], byStrategy.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, byStrategy.Values.Distinct().Count());
    }
}
