using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;
using ElasticScaler.Demo.Watch;

namespace ElasticScaler.Demo.Tests.Summary;

/// <summary>The closing figures from a record: seconds to capacity per step, time-outs while lagging, costs, the scale-in order.</summary>
public sealed class DemoSummaryTests
{
    private static DemoSecond S(double t, int? step, int ecs, int eci, int? desired, long timeouts = 0, double ecsUsd = 0, double eciUsd = 0, int users = 0) =>
        new(t, step is null ? DemoPhase.ScalingIn : DemoPhase.Running, step, users, 0, 0, 0, 0, 100, 100 - timeouts, timeouts,
            ecs, eci, 0, 0, desired, ecsUsd, eciUsd, 2);

    [Fact]
    public void Seconds_to_capacity_run_from_the_steps_first_second_to_the_Ready_pods_the_scaler_asked_for_during_it()
    {
        var record = new[]
        {
            S(0, 0, 22, 0, 22, users: 100),
            S(1, 0, 22, 0, 22, users: 100),
            S(2, 1, 22, 0, 30, users: 200),   // step 2 asks for 30 ...
            S(3, 1, 22, 4, 30, users: 200),
            S(4, 2, 22, 8, 44, users: 300),   // ... reached at t=4, 2 s after its start; step 3 asks for 44
            S(5, 2, 22, 8, 44, users: 300),
            S(6, null, 22, 8, 22),            // never reached: the load ended
        };

        var steps = DemoSummary.StepsToCapacity(record);

        Assert.Equal([new StepCapacity(0, 100, 22, 0), new StepCapacity(1, 200, 30, 2), new StepCapacity(2, 300, 44, null)], steps);
    }

    [Fact]
    public void Time_outs_while_lagging_count_only_seconds_with_fewer_Ready_pods_than_desired_under_load()
    {
        var record = new[]
        {
            S(0, 0, 22, 0, 22, timeouts: 1),      // at capacity: not lagging
            S(1, 0, 22, 0, 30, timeouts: 5),      // lagging
            S(2, 0, 22, 6, 30, timeouts: 2),      // lagging
            S(3, null, 22, 6, 40, timeouts: 9),   // after the load: not counted
        };

        var summary = DemoSummary.Compute(record, [], 3, 22, 0.99, 100, 200);

        Assert.Equal(7, summary.TimeoutsWhileLagging);
        Assert.Equal(8, summary.Timeouts);
        Assert.Equal(2, summary.LaggingSeconds);
    }

    [Fact]
    public void Static_peak_ECS_holds_enough_nodes_for_the_peak_at_the_ECS_price_of_the_record()
    {
        // 2 ECS nodes (22 pods, 11 a node) cost $0.20 over the window; the peak is 100 Ready: 10 nodes, $1.00.
        var record = new[] { S(0, 0, 22, 0, 22, ecsUsd: 1.00, eciUsd: 0.5), S(10, 0, 22, 78, 100, ecsUsd: 1.20, eciUsd: 0.9) };

        var cost = DemoSummary.Costs(record, 22);

        Assert.Equal(0.20, cost.EcsUsd, 6);
        Assert.Equal(0.40, cost.EciUsd, 6);
        Assert.Equal(10, cost.StaticPeakNodes);
        Assert.Equal(1.00, cost.StaticPeakEcsUsd, 6);
    }

    [Fact]
    public void Costs_before_the_load_are_left_out()
    {
        var record = new[] { S(-5, null, 22, 0, 22, ecsUsd: 0.5), S(0, 0, 22, 0, 22, ecsUsd: 1.0), S(10, 0, 22, 0, 22, ecsUsd: 1.1) };

        Assert.Equal(0.1, DemoSummary.Costs(record, 22).EcsUsd, 6);
    }

    public static TheoryData<string, PodDeletion[], int, int, bool> Orders => new()
    {
        { "ECI only", [new(10, "a", Pool.Eci), new(10, "b", Pool.Eci)], 2, 0, true },
        { "ECI then ECS", [new(10, "a", Pool.Eci), new(12, "b", Pool.Ecs)], 1, 1, true },
        { "ECS before the last ECI", [new(10, "a", Pool.Eci), new(11, "b", Pool.Ecs), new(12, "c", Pool.Eci)], 2, 1, false },
        { "before the scale-in: ignored", [new(1, "x", Pool.Ecs), new(10, "a", Pool.Eci)], 1, 0, true },
        { "a pod never scheduled: no pool", [new(10, "p", Pool.None), new(11, "a", Pool.Eci)], 1, 0, true },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public void Scale_in_counts_each_pools_releases_from_its_start_and_whether_ECI_went_first(string name, PodDeletion[] deletions, int eci, int ecs, bool eciFirst)
    {
        var order = DemoSummary.ScaleInOrder(deletions, 5);

        Assert.True(new ScaleIn(eci, ecs, eciFirst) == order, name);
    }

    [Fact]
    public void The_peak_is_the_second_with_the_most_Ready_pods_and_its_split()
    {
        var record = new[] { S(0, 0, 22, 0, 22), S(1, 0, 22, 60, 90), S(2, 0, 22, 50, 90) };

        var summary = DemoSummary.Compute(record, [], 3, 22, 1, 0, 0);

        Assert.Equal((82, 22, 60), (summary.PeakReplicas, summary.PeakEcs, summary.PeakEci));
    }
}
