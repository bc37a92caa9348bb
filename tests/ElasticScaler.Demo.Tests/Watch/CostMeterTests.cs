using ElasticScaler.Demo.Watch;

namespace ElasticScaler.Demo.Tests.Watch;

/// <summary>The sim's cost series read from Prometheus text.</summary>
public sealed class CostMeterTests
{
    [Fact]
    public void The_cost_by_kind_and_the_ECS_nodes_are_read_from_the_exposition()
    {
        const string text = """
            # HELP elasticscaler_sim_cost_usd_total Simulated cloud cost so far, by kind (ecs, eci).
            # TYPE elasticscaler_sim_cost_usd_total counter
            elasticscaler_sim_cost_usd_total{kind="ecs"} 0.0123
            elasticscaler_sim_cost_usd_total{kind="eci"} 4.5e-05
            elasticscaler_sim_ecs_nodes 2
            elasticscaler_sim_eci_pods 8
            """;

        Assert.Equal(new CostReading(0.0123, 0.000045, 2), CostMeter.Parse(text));
    }

    [Fact]
    public void Absent_series_read_zero() => Assert.Equal(new CostReading(0, 0, 0), CostMeter.Parse("up 1\n"));
}
