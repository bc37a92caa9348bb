using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Snapshots;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Integration.Tests;

public sealed class DryRunAndDumpTests
{
    [Theory]
    [InlineData("--dry-run")]
    [InlineData("spec.dryRun")]
    public async Task Dry_run_decides_and_reports_but_never_touches_a_workload_nor_counts_ECI_pods_it_never_made(string how)
    {
        await using var s = await Scenario.StartAsync(o => o.DryRun = how == "--dry-run");
        var es = Scalers.Seed(min: 22, max: 100, dryRun: how == "spec.dryRun");
        es["spec"]!["placement"]!["eci"]!["maxCreatePerMinute"] = 20;
        s.Apply(es);
        s.Load(_ => 12); // 40 wanted: 18 more on ECI, within one minute's 20 only if nothing is counted twice
        var eciSeen = new List<int?>();
        for (int i = 0; i < 8; i++)
        {
            await s.RunAsync(TimeSpan.FromSeconds(15));
            eciSeen.Add((int?)s.Scaler("wordpress")?["status"]?["eciReplicas"]);
        }

        Assert.Equal(22, s.Replicas(Scenario.App));
        Assert.Equal(-1, s.Replicas(TwinWorkload.NameFor(Scenario.App))); // no twin was made
        Assert.Equal(0, s.Service.Actuator.ScaleWrites);
        Assert.DoesNotContain(s.Requests(), r => r.Group == "apps" && r.Verb is "create" or "update" or "patch" or "delete");
        var status = s.Scaler("wordpress")!["status"]!;
        Assert.Equal(40, (int?)status["desiredReplicas"]);
        // What it would place, sync after sync. The first metric-driven count depends on where the first sample lands;
        // ECI creations counted though never made would instead shrink every later count to the minute's leftover
        // budget (20 - 18 = 2).
        var seen = "ECI the status reported, sync after sync: " + string.Join(", ", eciSeen);
        var fromFirst = eciSeen.SkipWhile(e => e is null or 0).ToList();
        Assert.True(fromFirst.Zip(fromFirst.Skip(1)).All(p => p.Second >= p.First), seen);
        Assert.True(eciSeen.TakeLast(5).All(e => e == 18), seen);
    }

    [Fact]
    public async Task Each_dumped_snapshot_replays_to_the_decision_the_service_made()
    {
        var dir = Path.Combine(Path.GetTempPath(), "es-dump-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var s = await Scenario.StartAsync(o => o.DumpDir = dir))
            {
                s.Apply(Scalers.Seed(min: 10, max: 100));
                s.Load(second => second < 120 ? 12 : 3);
                await s.RunAsync(TimeSpan.FromMinutes(5));
            }
            var snapshots = Directory.GetFiles(Path.Combine(dir, "wordpress", "wordpress", "snapshots"), "*.json").Order(StringComparer.Ordinal).ToList();
            Assert.True(snapshots.Count >= 4, $"{snapshots.Count} snapshots dumped");
            foreach (var file in snapshots)
            {
                var read = SnapshotReader.Read(File.ReadAllText(file));
                Assert.True(read.Success, file + ": " + string.Join("; ", read.Errors));
                var replay = DecisionPipeline.Decide(read.Snapshot!.Input, read.Snapshot.History, read.Snapshot.Now);
                var replayed = DecisionJson.ToJson(file, read.Snapshot.ObjectName, replay);
                var recorded = JsonNode.Parse(File.ReadAllText(file.Replace($"{Path.DirectorySeparatorChar}snapshots{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}results{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))!;
                foreach (var field in new[] { "desiredReplicas", "currentReplicas", "minReplicas", "maxReplicas", "placement", "conditions", "currentMetrics", "rescaleReason", "history" })
                    Assert.True(JsonNode.DeepEquals(recorded[field], replayed[field]), $"{file}: {field} differs:\n{recorded[field]?.ToJsonString(CoreJson.Options)}\n{replayed[field]?.ToJsonString(CoreJson.Options)}");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
