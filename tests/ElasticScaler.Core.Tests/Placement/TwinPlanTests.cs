using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

/// <summary>The twin design: the plan as two replica counts (target = ECS, twin = ECI) and the writes between them.</summary>
public sealed class TwinPlanTests
{
    /// <summary>Two ECS nodes with 2 free slots each, and the virtual node.</summary>
    private static readonly NodeState[] TwoNodes = [Ecs("ecs-1", usedCpu: "2"), Ecs("ecs-2", usedCpu: "2"), VirtualNode()];

    public static TheoryData<string, PoolReplicas, PoolReplicas, (TwinPart, int)[]> WriteCases => new()
    {
        { "nothing changes: nothing to write", new(20, 5), new(20, 5), [] },
        { "scale-out on both: twin first", new(2, 0), new(4, 2), [(TwinPart.Twin, 2), (TwinPart.Target, 4)] },
        { "scale-in on both: twin shrinks before the target", new(20, 5), new(18, 0), [(TwinPart.Twin, 0), (TwinPart.Target, 18)] },
        { "pending move: twin +1, then target -1", new(20, 5), new(19, 6), [(TwinPart.Twin, 6), (TwinPart.Target, 19)] },
        { "drain-back starts: target only", new(5, 3), new(8, 3), [(TwinPart.Target, 8)] },
        { "drain-back ends: twin only", new(8, 3), new(8, 0), [(TwinPart.Twin, 0)] },
        { "rebalance toward ECS: the target grows before the twin shrinks", new(4, 2), new(6, 0), [(TwinPart.Target, 6), (TwinPart.Twin, 0)] },
        { "rebalance toward ECI: the twin grows before the target shrinks", new(10, 0), new(7, 3), [(TwinPart.Twin, 3), (TwinPart.Target, 7)] },
    };

    [Theory]
    [MemberData(nameof(WriteCases))]
    public void Twin_writes_put_increments_first_and_the_twin_first(string rule, PoolReplicas current, PoolReplicas next, (TwinPart, int)[] expected) =>
        Assert.True(expected.SequenceEqual(PlacementPlan.TwinWrites(current, next).Select(w => (w.Part, w.Replicas))), rule);

    [Fact]
    public void Twin_writes_refuse_a_negative_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PlacementPlan.TwinWrites(new(1, 1), new(-1, 2)));

    [Fact]
    public void Scale_out_writes_ecs_room_to_the_target_and_the_rest_to_the_twin()
    {
        var plan = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(), declared: new(4, 0));
        Assert.Equal(new PoolReplicas(8, 6), plan.Next);
        Assert.Equal([(TwinPart.Twin, 6), (TwinPart.Target, 8)], Writes(new(4, 0), plan));
        Assert.Empty(plan.Actions);
        Assert.Equal(6, plan.History.EciCreations.Single().Count);
    }

    [Fact]
    public void Declared_replicas_whose_pods_do_not_exist_yet_are_not_asked_for_again()
    {
        // Last sync wrote (8, 6); the ReplicaSets have made none of the new pods yet.
        var history = PlacementHistory.Empty with { EciCreations = [new EciCreation(T0.AddSeconds(-15), 6)] };
        var plan = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(), history, declared: new(8, 6));
        Assert.Equal(new PoolReplicas(8, 6), plan.Next);
        Assert.Empty(Writes(new(8, 6), plan));
        Assert.Same(history, plan.History);

        // Counting pods instead would ask for the same 10 replicas a second time.
        var byPods = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(), history);
        Assert.Equal(new PoolReplicas(8, 6), byPods.Next);
        Assert.Equal(10, Created(byPods, PlacementPool.Ecs) + Created(byPods, PlacementPool.Eci));
    }

    [Fact]
    public void Ecs_replicas_declared_but_not_created_take_their_room_first()
    {
        // 4 free slots, 2 of them already promised to target replicas the ReplicaSet has not made.
        var plan = Plan(10, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(), declared: new(6, 0));
        Assert.Equal(new PoolReplicas(8, 2), plan.Next);
    }

    [Theory]
    [InlineData(5, 4, 1)]
    [InlineData(4, 4, 0)]
    [InlineData(2, 2, 0)]
    public void Scale_in_shrinks_the_twin_before_the_target(int desired, int ecs, int eci)
    {
        var pods = Many("ecs", "ecs-1", 4).Concat(Twins("eci", 3));
        var plan = Plan(desired, pods, TwoNodes, EcsFirst(), declared: new(4, 3));
        Assert.Equal(new PoolReplicas(ecs, eci), plan.Next);
        var writes = Writes(new(4, 3), plan);
        Assert.Equal((TwinPart.Twin, eci), writes[0]);
        Assert.Equal(ecs < 4 ? [(TwinPart.Twin, eci), (TwinPart.Target, ecs)] : [(TwinPart.Twin, eci)], writes);
    }

    [Fact]
    public void An_ecs_pod_unschedulable_past_the_timeout_moves_as_twin_plus_one_then_target_minus_one()
    {
        var pods = Many("ecs", "ecs-1", 4).Append(Unschedulable("stuck", 30));
        var plan = Plan(5, pods, [Ecs("ecs-1", usedCpu: "4"), VirtualNode()], EcsFirst(), declared: new(5, 0));
        Assert.Equal(new PoolReplicas(4, 1), plan.Next);
        Assert.Equal([(TwinPart.Twin, 1), (TwinPart.Target, 4)], Writes(new(5, 0), plan));
        Assert.Equal(Reasons.PendingTimeout, plan.Reason);
        Assert.EndsWith("1 ECS pods unschedulable past the timeout move to ECI", plan.Message);
        Assert.Equal(1, plan.History.EciCreations.Single().Count);
    }

    [Fact]
    public void Drain_back_writes_the_target_now_and_the_twin_once_the_new_ecs_pods_are_ready()
    {
        var spec = EcsFirst(drainBack: true, drainAfter: 300);
        var ecs = Many("ecs", "ecs-1", 5).ToList();
        var eci = Twins("eci", 3).ToList();
        var room = new[] { Ecs("ecs-1", cpu: "8", usedCpu: "5"), VirtualNode() };
        var full = new[] { Ecs("ecs-1", cpu: "8", usedCpu: "8"), VirtualNode() };

        var p0 = Plan(8, ecs.Concat(eci), room, spec, declared: new(5, 3));
        Assert.Empty(Writes(new(5, 3), p0));
        var p1 = Plan(8, ecs.Concat(eci), room, spec, p0.History, T0.AddSeconds(300), declared: new(5, 3));
        Assert.Equal([(TwinPart.Target, 8)], Writes(new(5, 3), p1));
        Assert.Equal(Reasons.DrainBackWaiting, p1.Reason);

        // The ReplicaSet has not made the pods yet, then they start: the twin waits.
        var p2 = Plan(8, ecs.Concat(eci), room, spec, p1.History, T0.AddSeconds(315), declared: new(8, 3));
        Assert.Empty(Writes(new(8, 3), p2));
        var starting = Many("ecs-new", "ecs-1", 3, ready: false, ageSeconds: 10);
        var p3 = Plan(8, ecs.Concat(starting).Concat(eci), full, spec, p2.History, T0.AddSeconds(330), declared: new(8, 3));
        Assert.Empty(Writes(new(8, 3), p3));
        Assert.Equal(Reasons.DrainBackWaiting, p3.Reason);

        var ready = Many("ecs-new", "ecs-1", 3, ageSeconds: 30);
        var p4 = Plan(8, ecs.Concat(ready).Concat(eci), full, spec, p3.History, T0.AddSeconds(345), declared: new(8, 3));
        Assert.Equal([(TwinPart.Twin, 0)], Writes(new(8, 3), p4));
    }

    [Fact]
    public void The_twin_grows_no_faster_than_the_per_minute_limit_and_not_again_for_replicas_already_written()
    {
        var spec = EcsFirst(perMinute: 1000);
        var p0 = Plan(1500, [], [VirtualNode()], spec, declared: new(0, 0));
        Assert.Equal(new PoolReplicas(0, 1000), p0.Next);
        Assert.Equal(Reasons.EciCreateRateLimited, p0.Reason);

        // 10 s later none of the 1000 pods exist yet and the budget is spent: nothing more to write.
        var p1 = Plan(1500, [], [VirtualNode()], spec, p0.History, T0.AddSeconds(10), declared: new(0, 1000));
        Assert.Equal(new PoolReplicas(0, 1000), p1.Next);
        Assert.Equal(500, p1.Unplaced);

        // A minute on, the other 500.
        var p2 = Plan(1500, [], [VirtualNode()], spec, p1.History, T0.AddSeconds(61), declared: new(0, 1000));
        Assert.Equal(new PoolReplicas(0, 1500), p2.Next);
    }

    [Fact]
    public void Ratio_is_arithmetic_on_the_two_counts_and_makes_before_it_breaks()
    {
        var spec = new PlacementSpec { Strategy = PlacementStrategy.Ratio, Ratio = new RatioSpec { Ecs = 70, Eci = 30 } };
        var p0 = Plan(10, Many("ecs", "ecs-1", 10), TwoNodes, spec, declared: new(10, 0));
        Assert.Equal([(TwinPart.Twin, 3)], Writes(new(10, 0), p0));

        var p1 = Plan(10, Many("ecs", "ecs-1", 10).Concat(Twins("eci", 3, ready: false, ageSeconds: 20)), TwoNodes, spec, p0.History,
            T0.AddSeconds(20), declared: new(10, 3));
        Assert.Empty(Writes(new(10, 3), p1));

        var p2 = Plan(10, Many("ecs", "ecs-1", 10).Concat(Twins("eci", 3)), TwoNodes, spec, p1.History, T0.AddSeconds(60), declared: new(10, 3));
        Assert.Equal([(TwinPart.Target, 7)], Writes(new(10, 3), p2));
    }

    [Fact]
    public void A_rebalance_whose_new_pods_the_rate_limit_holds_back_removes_nothing()
    {
        // Ratio 50:50 of 10 on 10 ECS replicas, with the minute's ECI budget spent: the 5 ECS replicas stay until
        // their ECI replacements can be made, in both forms of the plan.
        var spec = new PlacementSpec
        {
            Strategy = PlacementStrategy.Ratio,
            Ratio = new RatioSpec { Ecs = 50, Eci = 50 },
            Eci = new EciPoolSpec { MaxCreatePerMinute = 5 },
        };
        var history = PlacementHistory.Empty with { EciCreations = [new EciCreation(T0.AddSeconds(-10), 5)] };
        var pods = Many("ecs", "ecs-1", 10).ToList();
        var twin = Plan(10, pods, TwoNodes, spec, history, declared: new(10, 0));
        Assert.Equal(new PoolReplicas(10, 0), twin.Next);
        Assert.Equal(Reasons.EciCreateRateLimited, twin.Reason);
        var byPods = Plan(10, pods, TwoNodes, spec, history);
        Assert.Empty(byPods.Actions);
    }

    [Fact]
    public void Turning_eci_off_releases_the_twin_even_though_its_replicas_then_have_no_place()
    {
        var pods = Many("ecs", "ecs-1", 4).Concat(Twins("eci", 3));
        var plan = Plan(7, pods, [Ecs("ecs-1", usedCpu: "4"), VirtualNode()], EcsFirst(eci: false), declared: new(4, 3));
        Assert.Equal(new PoolReplicas(4, 0), plan.Next);
        Assert.Equal(Reasons.EciDisabled, plan.Reason);
    }

    [Fact]
    public void A_dry_run_reports_the_counts_but_records_no_creation()
    {
        var plan = PlacementPlanner.Plan(new PlacementInput
        {
            Desired = 14,
            Pods = Many("e", "ecs-1", 4).ToList(),
            Nodes = TwoNodes,
            Template = OneCpu,
            Spec = EcsFirst(),
            Now = T0,
            Declared = new PoolReplicas(4, 0),
            DryRun = true,
        });
        Assert.Equal(new PoolReplicas(8, 6), plan.Next);
        Assert.Empty(plan.History.EciCreations);
    }

    [Fact]
    public void Without_declared_counts_next_is_what_the_pod_actions_leave()
    {
        var pods = Many("ecs", "ecs-1", 4).Concat(Many("eci", "virtual-kubelet", 3)).ToList();
        var plan = Plan(2, pods, TwoNodes, EcsFirst());
        Assert.Equal(new PoolReplicas(2, 0), plan.Next);
        Assert.Equal(3, Deleted(plan, PlacementPool.Eci).Length);
        Assert.Equal(2, Deleted(plan, PlacementPool.Ecs).Length);
    }

    [Fact]
    public void Ready_pods_the_twin_is_already_shrinking_away_do_not_count_toward_make_before_break()
    {
        // Desired 10 with ECS pods starting; the twin was written down to 2 but its 5 Ready pods still run. Only 8 + 2
        // Ready replicas will stay, exactly desired: the twin may not go lower yet.
        var pods = Many("ecs", "ecs-1", 8).Concat(Many("new", "ecs-1", 2, ready: false, ageSeconds: 20)).Concat(Twins("eci", 5));
        var plan = Plan(10, pods, TwoNodes, EcsFirst(), declared: new(10, 2));
        Assert.Equal(new PoolReplicas(10, 2), plan.Next);
        Assert.Equal(Reasons.DrainBackWaiting, plan.Reason);
    }
}
