using System.Text.Json;

namespace ElasticScaler.Bench.Policy.Tests;

/// <summary>Every policy through fast mode on a 6-minute flash sale (the real traces are the benchmark's, not the tests').</summary>
public sealed class ShortRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("bench-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyList<PairRun> RunShort()
    {
        File.WriteAllText(Path.Combine(_dir, Catalog.FlashSaleUnannounced + ".csv"), "seconds,rps\n0,150\n120,150\n130,1500\n300,1500\n310,150\n360,150\n");
        return BenchRunner.Run(new BenchPlan
        {
            Traces = [Catalog.FlashSaleUnannounced],
            Policies = Catalog.Policies,
            TracesDirectory = _dir,
            PoliciesDirectory = Repo.Path("bench", "policy", "policies"),
        });
    }

    [Fact]
    public void Every_policy_runs_and_results_json_has_exactly_the_fields()
    {
        var runs = RunShort();
        Assert.Equal(Catalog.Policies, runs.Select(r => r.Result.Policy));

        using var doc = JsonDocument.Parse(Program.ResultsJson([.. runs.Select(r => r.Result)]));
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        string[] fields = ["trace", "policy", "requests", "withinSlo", "errors", "p99Ms", "costUsd", "staticPeakCostUsd", "scaleEvents", "peakEci", "eciPodSeconds", "secondsToCapacity"];
        foreach (var row in doc.RootElement.EnumerateArray())
            Assert.Equal(fields, row.EnumerateObject().Select(p => p.Name));

        var by = runs.ToDictionary(r => r.Result.Policy, r => r.Result);
        Assert.All(by.Values, r => Assert.Equal(by[Catalog.StaticPeak].CostUsd, r.StaticPeakCostUsd));
        Assert.All(by.Values, r => Assert.Equal(by[Catalog.StaticPeak].Requests, r.Requests));   // the same trace for all
        // static-peak: 100 pods on 10 ECS nodes from the start, never rescaled, nothing on ECI, enough at once.
        Assert.Equal((0, 0, 0.0), (by[Catalog.StaticPeak].ScaleEvents, by[Catalog.StaticPeak].PeakEci, by[Catalog.StaticPeak].SecondsToCapacity!.Value));
        Assert.Equal(1.0, by[Catalog.StaticPeak].WithinSlo);
        // hpa-ecs-only cannot go past the 22 pods two nodes hold: errors, nothing on ECI.
        Assert.Equal(0, by[Catalog.HpaEcsOnly].PeakEci);
        Assert.True(by[Catalog.HpaEcsOnly].Errors > 0);
        // The virtual node takes the seed HPA's overflow, and ElasticScaler's twin the burst.
        Assert.True(by[Catalog.SeedHpaVk].PeakEci > 0);
        Assert.True(by[Catalog.ElasticScaler].PeakEci > 0);
        Assert.True(by[Catalog.ElasticScalerTuned].WithinSlo > by[Catalog.HpaEcsOnly].WithinSlo);
        Assert.All(by.Values, r => Assert.InRange(r.WithinSlo, 0, 1));
    }

    [Fact]
    public void The_same_pair_gives_the_same_figures_and_a_chart_per_trace()
    {
        var first = RunShort();
        var second = RunShort();
        Assert.Equal(first.Select(r => r.Result), second.Select(r => r.Result));

        var png = Charts.Write(_dir, Catalog.FlashSaleUnannounced, first);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void A_policy_file_for_the_trace_replaces_the_general_one()
    {
        var policies = Repo.Path("bench", "policy", "policies");
        Assert.EndsWith("elasticscaler-tuned@flash-sale-announced.json", Catalog.PolicyFile(Catalog.ElasticScalerTuned, Catalog.FlashSaleAnnounced, policies));
        Assert.EndsWith(Path.DirectorySeparatorChar + "elasticscaler-tuned.json", Catalog.PolicyFile(Catalog.ElasticScalerTuned, Catalog.FlashSaleUnannounced, policies));
        var announced = PolicyUnderTest.Load("x", Catalog.PolicyFile(Catalog.ElasticScalerTuned, Catalog.FlashSaleAnnounced, policies));
        Assert.Single(announced.Scaler.Spec.Schedules);
        var general = PolicyUnderTest.Load("x", Catalog.PolicyFile(Catalog.ElasticScalerTuned, Catalog.Sawtooth, policies));
        Assert.Empty(general.Scaler.Spec.Schedules);
    }

    [Fact]
    public void The_cluster_annotations_are_read_and_checked()
    {
        var policies = Repo.Path("bench", "policy", "policies");
        var staticPeak = PolicyUnderTest.Load(Catalog.StaticPeak, Path.Combine(policies, "static-peak.json"));
        Assert.Equal((10, false, 100), (staticPeak.EcsNodes, staticPeak.VirtualNodeOverflow, staticPeak.InitialReplicas));
        var seed = PolicyUnderTest.Load(Catalog.SeedHpaVk, Path.Combine(policies, "seed-hpa-vk.json"));
        Assert.Equal((2, true, 22), (seed.EcsNodes, seed.VirtualNodeOverflow, seed.InitialReplicas));

        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, File.ReadAllText(Path.Combine(policies, "static-peak.json")).Replace("\"10\"", "\"ten\"", StringComparison.Ordinal));
        var e = Assert.Throws<ArgumentException>(() => PolicyUnderTest.Load("bad", bad));
        Assert.Contains("metadata.annotations[\"bench.elasticscaler.io/ecs-nodes\"]: \"ten\"", e.Message);
    }
}
