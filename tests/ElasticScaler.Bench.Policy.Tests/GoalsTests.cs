namespace ElasticScaler.Bench.Policy.Tests;

public sealed class GoalsTests
{
    private static BenchResult R(string trace, string policy, double withinSlo = 1, double cost = 1, double staticCost = 4, int events = 3, double eciSeconds = 100) =>
        new(trace, policy, 1000, withinSlo, 0, 40, cost, staticCost, events, 10, eciSeconds, 1);

    private static GoalStatus Status(IReadOnlyList<BenchResult> results, int goal) => Goals.Evaluate(results)[goal].Status;

    [Theory]
    [InlineData(0.999, 2.0, GoalStatus.Met)]       // both bounds inclusive
    [InlineData(0.99899, 1.0, GoalStatus.NotMet)]
    [InlineData(1.0, 2.0001, GoalStatus.NotMet)]
    public void Announced_sale_needs_the_slo_at_half_static_peaks_cost(double withinSlo, double cost, GoalStatus expected) =>
        Assert.Equal(expected, Status([R(Catalog.FlashSaleAnnounced, Catalog.ElasticScalerTuned, withinSlo, cost, staticCost: 4)], 0));

    [Theory]
    [InlineData(0.95, 1.1, GoalStatus.Met)]
    [InlineData(0.94, 1.0, GoalStatus.NotMet)]     // equal is not above
    [InlineData(0.99, 1.11, GoalStatus.NotMet)]
    public void Unannounced_sale_needs_a_better_slo_at_a_tenth_more_cost_at_most(double withinSlo, double cost, GoalStatus expected) =>
        Assert.Equal(expected, Status(
        [
            R(Catalog.FlashSaleUnannounced, Catalog.SeedHpaVk, withinSlo: 0.94, cost: 1.0),
            R(Catalog.FlashSaleUnannounced, Catalog.ElasticScalerTuned, withinSlo, cost),
        ], 1));

    [Theory]
    [InlineData(3, 4, GoalStatus.Met)]
    [InlineData(4, 4, GoalStatus.NotMet)]
    public void Sawtooth_needs_fewer_scale_events(int ours, int seed, GoalStatus expected) =>
        Assert.Equal(expected, Status([R(Catalog.Sawtooth, Catalog.ElasticScaler, events: ours), R(Catalog.Sawtooth, Catalog.SeedHpaVk, events: seed)], 2));

    [Theory]
    [InlineData(90, 1.0, GoalStatus.Met)]
    [InlineData(100, 1.0, GoalStatus.NotMet)]
    [InlineData(90, 0.99, GoalStatus.NotMet)]      // cheaper on ECI but worse on the SLO
    public void Diurnal_needs_fewer_eci_seconds_at_an_equal_or_better_slo(double eciSeconds, double withinSlo, GoalStatus expected) =>
        Assert.Equal(expected, Status(
        [
            R(Catalog.Diurnal, Catalog.ElasticScaler, withinSlo, eciSeconds: eciSeconds),
            R(Catalog.Diurnal, Catalog.SeedHpaVk, withinSlo: 1.0, eciSeconds: 100),
        ], 3));

    [Fact]
    public void A_goal_whose_pairs_did_not_run_says_so()
    {
        var goals = Goals.Evaluate([R(Catalog.Sawtooth, Catalog.ElasticScaler)]);
        Assert.Equal(4, goals.Count);
        Assert.All(goals, g => Assert.Equal(GoalStatus.NotRun, g.Status));
        Assert.Contains("needs sawtooth x elasticscaler and seed-hpa-vk", goals[2].Detail);
    }

    [Fact]
    public void The_detail_gives_the_numbers()
    {
        var g = Goals.Evaluate([R(Catalog.FlashSaleAnnounced, Catalog.ElasticScalerTuned, 0.9995, 1.5, 4)])[0];
        Assert.Equal("withinSlo 0.99950, cost 1.500 = 0.38 x static-peak's 4.000", g.Detail);
    }
}
