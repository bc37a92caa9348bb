using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The seed's story end to end: load rises, ECS fills, the rest runs on ECI; load falls, ECI goes first.</summary>
public sealed class BurstAndReleaseTests
{
    [Fact]
    public async Task Load_rises_past_ECS_onto_the_virtual_node_then_falls_releasing_ECI_before_any_ECS_replica()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 10, max: 100));
        s.Load(second => second < 60 ? 6 : second < 300 ? 15 : 2);

        int peakEci = 0, peakTotal = 0, twinAtFirstEcsCut = -1;
        int lastTarget = s.Replicas(Scenario.App);
        for (int second = 0; second < 600; second++)
        {
            await s.RunAsync(TimeSpan.FromSeconds(1));
            int target = s.Replicas(Scenario.App), twin = Math.Max(0, s.Replicas(TwinWorkload.NameFor(Scenario.App)));
            Assert.InRange(target + twin, 10, 100);
            if (target < lastTarget && twinAtFirstEcsCut < 0) twinAtFirstEcsCut = twin;
            lastTarget = target;
            var (_, eci, _) = s.Pools();
            peakEci = Math.Max(peakEci, eci);
            peakTotal = Math.Max(peakTotal, target + twin);
        }

        Assert.Equal(50, peakTotal);                 // ceil(15 cores / (0.5 core x 60%))
        Assert.True(peakEci >= 20, $"ECI pods at the peak: {peakEci}"); // ECS holds 22 of the seed's pods
        Assert.Equal(0, twinAtFirstEcsCut);          // ECS shrank only once ECI was gone
        Assert.Equal((10, 0), (s.Replicas(Scenario.App), s.Replicas(TwinWorkload.NameFor(Scenario.App))));
        var (ecsPods, eciPods, pending) = s.Pools();
        Assert.Equal((10, 0, 0), (ecsPods, eciPods, pending));
        Assert.NotEmpty(s.Events("BurstToEci"));
        Assert.NotEmpty(s.Events("ReleasedEci"));
        Assert.NotEmpty(s.Events("SuccessfulRescale"));
    }

    [Fact]
    public async Task Status_reports_the_split_and_kubectl_columns_read_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100));
        s.Load(_ => 12); // 40 replicas: 22 on ECS, 18 on ECI
        await s.RunAsync(TimeSpan.FromMinutes(2));

        var status = s.Scaler("wordpress")!["status"]!;
        Assert.Equal(40, (int?)status["desiredReplicas"]);
        Assert.Equal((22, 18), ((int?)status["ecsReplicas"], (int?)status["eciReplicas"]));
        Assert.Equal("wordpress-eci", (string?)status["eciWorkload"]);
        Assert.Equal(1, (long?)status["observedGeneration"]);
        var conditions = status["conditions"]!.AsArray().ToDictionary(c => (string)c!["type"]!, c => ((string?)c!["status"], (string?)c!["reason"]));
        Assert.Equal(("True", "ValidMetricFound"), conditions["ScalingActive"]);
        Assert.Equal("True", conditions["AbleToScale"].Item1);
        Assert.NotNull(status["currentMetrics"]![0]!["resource"]!["current"]!["averageUtilization"]);
    }
}
