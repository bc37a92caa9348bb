using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>A new instance (a restart, a new leader) carries on from cluster state and does not scale down early.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_a_scale_down_still_waits_out_the_stabilization_window()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100)); // scale-down stabilization: 60 s
        bool low = false;
        s.Load(_ => low ? 3 : 12);
        await s.RunAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(40, Total(s));

        // The load falls while the service is down: the new instance's first reading is already low, and it has no history.
        await s.StopServiceAsync();
        low = true;
        await s.RunAsync(TimeSpan.FromSeconds(20));
        s.StartService();
        await s.WaitSyncedAsync();
        await s.RunAsync(TimeSpan.FromSeconds(45));
        Assert.Equal(40, Total(s)); // the first recommendation is stabilized against today's size (HPA's recordInitialRecommendation)
        Assert.Equal("ScaleDownStabilized", (string?)s.Scaler("wordpress")!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "AbleToScale")!["reason"]);
        await s.RunAsync(TimeSpan.FromSeconds(40));
        Assert.Equal(22, Total(s));
    }

    private static int Total(Scenario s) => s.Replicas(Scenario.App) + Math.Max(0, s.Replicas(TwinWorkload.NameFor(Scenario.App)));
}
