using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Decide;

namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>
/// An imported HPA decides as the HPA does: the seed's snapshot (22 WordPress pods, CPU at 95% of requests, memory
/// 300Mi each) decided once with the HPA in it and once with its import in place of the HPA must give the same
/// desired replicas, for several HPA shapes.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, int> Shapes => new()
    {
        { "cpu-utilization.yaml", 35 },        // ceil(22 x 95/60), within HPA's legacy max(2x, 4)
        { "memory-average-value.yaml", 33 },   // ceil(22 x 300Mi/200Mi)
        { "behavior-policies.yaml", 26 },      // 35 wanted, at most 4 pods a minute
        { "memory-scale-down.yaml", 19 },      // ceil(22 x 300Mi/1Gi) = 7 wanted, at most 10% a minute: floor(22 x 0.9)
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_imported_scaler_decides_the_desired_replicas_the_hpa_does(string hpaFile, int desired)
    {
        var baseSnapshot = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ExampleSnapshots, "03-hpa-object-as-hpa-would.json")))!.AsObject();
        var run = ImportRun.Files(Path.Combine("roundtrip", hpaFile));
        Assert.Equal(0, run.Exit);

        var (hpa, _) = ElasticScaler.Autoscaler.Import.Sources.DocumentReader.Read(File.ReadAllText(ImportRun.Data(Path.Combine("roundtrip", hpaFile))), hpaFile);
        var asHpa = baseSnapshot.DeepClone().AsObject();
        asHpa["hpa"] = hpa[0].Object.DeepClone();
        var asScaler = baseSnapshot.DeepClone().AsObject();
        asScaler.Remove("hpa");
        asScaler["scaler"] = run.Single().DeepClone();

        var byHpa = Decide(asHpa);
        var byScaler = Decide(asScaler);

        Assert.Equal(desired, byHpa);
        Assert.Equal(byHpa, byScaler);
    }

    private static int Decide(JsonObject snapshot)
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-roundtrip-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, snapshot.ToJsonString());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(DecideCommand.Run(path, asJson: true, stdout, stderr) == 0, stderr.ToString());
        return (int)JsonNode.Parse(stdout.ToString())!["desiredReplicas"]!;
    }
}
