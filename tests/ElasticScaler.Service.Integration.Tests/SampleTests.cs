using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Every sample in deploy/samples is accepted by the shipped CRD's schema and is a valid spec to the engine.</summary>
public sealed class SampleTests
{
    private static IEnumerable<string> Files() =>
        Directory.GetFiles(Manifests.Path("deploy", "samples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> Samples() => new(Files());

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_sample_is_accepted_by_the_CRD_and_valid_for_the_engine(string sample)
    {
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Preset = "seed", Sim = new SimOptions(), RunControllers = false });
        Manifests.Apply(cluster, Manifests.Path("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
        Manifests.Apply(cluster, Manifests.Path("deploy", "samples", sample)); // the API server checks it against the CRD's schema

        // Each ElasticScaler the file holds, as stored (some samples are only the workload they scale).
        var type = cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
        foreach (var es in Manifests.Read(File.ReadAllText(Manifests.Path("deploy", "samples", sample))).Where(o => (string?)o["kind"] == "ElasticScaler"))
        {
            var stored = cluster.Api.Resources.Get(type, (string)es["metadata"]!["namespace"]!, (string)es["metadata"]!["name"]!);
            using var doc = System.Text.Json.JsonDocument.Parse(stored.ToJsonString());
            var read = KubernetesObjects.Scaler(doc.RootElement);
            Assert.True(read.Success, string.Join("; ", read.Errors));
            var prepared = PreparedSpec.Prepare(read.Value!.Spec, ControllerSettings.Default);
            Assert.Empty(prepared.Errors);
        }
    }

    [Fact]
    public void There_is_one_sample_per_metric_source()
    {
        Assert.Superset(new HashSet<string> { "metrics-prometheus.yaml", "metrics-pods.yaml", "metrics-object.yaml", "metrics-external.yaml" }, Files().ToHashSet());
    }
}
