using ElasticScaler.Service.Controller;
using ElasticScaler.Sim.Faults;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>API faults from the sim: the service converges, never writes one decision twice, never crashes (Scenario.DisposeAsync checks the last).</summary>
public sealed class FaultTests
{
    public static TheoryData<string> Faults => ["5xx on scale writes", "409 on status", "slow answers", "dropped watches", "410 on resume"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Under_API_faults_the_service_converges_to_the_same_split_without_redundant_writes(string fault)
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 10, max: 100));
        s.Load(_ => 12); // 40: 22 on ECS, 18 on ECI
        switch (fault)
        {
            case "5xx on scale writes":
                s.Cluster.Api.Faults.Add(new FaultRule { Resource = "deployments/scale", Verb = "patch", ErrorShare = 0.5 });
                break;
            case "409 on status":
                s.Cluster.Api.Faults.Add(new FaultRule { Resource = "elasticscalers/status", ConflictShare = 0.5 });
                break;
            case "slow answers":
                s.Cluster.Api.Faults.Add(new FaultRule { Latency = TimeSpan.FromSeconds(2), Count = 200 });
                break;
            case "dropped watches":
                s.Cluster.Api.Faults.Add(new FaultRule { Verb = "watch", DropWatchAfter = TimeSpan.FromSeconds(5) });
                break;
        }
        int changes = 0;
        var last = (s.Replicas(Scenario.App), s.Replicas(TwinWorkload.NameFor(Scenario.App)));
        for (int second = 0; second < 240; second++)
        {
            // Like the injected faults, the compactions pass at 180: the last 60 s are for settling, and a relist the
            // service starts at 220 under a busy machine could still be running when the test reads the split.
            if (fault == "410 on resume" && second < 180 && second % 30 == 10)
            {
                s.Cluster.Api.Store.CompactHistory();
                s.Cluster.Api.Store.DropWatches(null);
            }
            if (second == 180) s.Cluster.Api.Faults.Clear(); // the fault passes; the service must settle
            await s.RunAsync(TimeSpan.FromSeconds(1));
            var now = (s.Replicas(Scenario.App), s.Replicas(TwinWorkload.NameFor(Scenario.App)));
            if (now.Item1 != last.Item1) changes++;
            if (now.Item2 != last.Item2) changes++;
            Assert.InRange(now.Item1 + Math.Max(0, now.Item2), 10, 100);
            last = now;
        }
        Assert.Equal((22, 18), last);
        Assert.True(s.Service.Actuator.ScaleWrites <= changes, $"{s.Service.Actuator.ScaleWrites} scale writes for {changes} changes: a decision was written twice");
        var status = s.Scaler("wordpress")!["status"]!;
        Assert.Equal((40, 22, 18), ((int?)status["desiredReplicas"], (int?)status["ecsReplicas"], (int?)status["eciReplicas"]));
    }
}
