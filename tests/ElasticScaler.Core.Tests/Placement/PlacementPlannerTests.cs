using System.Collections.Immutable;
using ElasticScaler.Core.Ack;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class PlacementPlannerTests
{
    private static readonly NodeState[] TwoNodes = [Ecs("ecs-1", usedCpu: "2"), Ecs("ecs-2", usedCpu: "2"), VirtualNode()];

    [Fact]
    public void Scale_out_fills_ecs_room_first_and_bursts_the_rest_to_eci()
    {
        // 2 slots left on each ECS node: 4 new on ECS, 6 on ECI.
        var plan = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst());
        Assert.Equal((8, 6, 0), (plan.EcsReplicas, plan.EciReplicas, plan.Unplaced));
        Assert.Equal(Reasons.EciBurst, plan.Reason);
        Assert.Collection(plan.Actions,
            a => Assert.Equal((PlacementActionKind.Create, PlacementPool.Ecs, 4), (a.Kind, a.Pool, a.Count)),
            a => Assert.Equal((PlacementActionKind.Create, PlacementPool.Eci, 6, Reasons.EciBurst), (a.Kind, a.Pool, a.Count, a.Reason)));
    }

    [Fact]
    public void Eci_max_replicas_leaves_the_rest_unplaced_with_a_reason()
    {
        var plan = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(eciMax: 2));
        Assert.Equal((8, 2, 4), (plan.EcsReplicas, plan.EciReplicas, plan.Unplaced));
        Assert.Equal(Reasons.EciBudgetExhausted, plan.Reason);
    }

    [Fact]
    public void Eci_disabled_places_nothing_on_eci_and_says_why()
    {
        var plan = Plan(14, Many("e", "ecs-1", 4), TwoNodes, EcsFirst(eci: false));
        Assert.Equal((8, 0, 6), (plan.EcsReplicas, plan.EciReplicas, plan.Unplaced));
        Assert.Equal(Reasons.EciDisabled, plan.Reason);
        Assert.DoesNotContain(plan.Actions, a => a.Pool == PlacementPool.Eci);
    }

    [Fact]
    public void Scale_in_releases_eci_pods_first_in_replicaset_order()
    {
        var pods = new List<PodState>(Many("ecs", "ecs-1", 3))
        {
            Pod("eci-old-ready", "virtual-kubelet", ageSeconds: 7200),
            Pod("eci-new-ready", "virtual-kubelet", ageSeconds: 60),
            Pod("eci-not-ready", "virtual-kubelet", ready: false, ageSeconds: 7200),
            Pod("eci-pending", "virtual-kubelet", ready: false, ageSeconds: 7200, phase: PodPhase.Pending),
            Pod("eci-unscheduled", null, ready: false, ageSeconds: 7200) with
            {
                NodeSelector = new Dictionary<string, string> { ["type"] = "virtual-kubelet" },
            },
        };
        var plan = Plan(4, pods, TwoNodes, EcsFirst());
        Assert.Equal(["eci-unscheduled", "eci-pending", "eci-not-ready", "eci-new-ready"], Deleted(plan, PlacementPool.Eci));
        Assert.Empty(Deleted(plan, PlacementPool.Ecs));
        Assert.Equal((3, 1), (plan.EcsReplicas, plan.EciReplicas));
        Assert.Equal(Reasons.EciReleasedFirst, plan.Reason);
    }

    [Fact]
    public void Scale_in_below_the_ecs_count_removes_every_eci_pod_and_then_ecs_pods()
    {
        var pods = Many("ecs", "ecs-1", 4).Concat(Many("eci", "virtual-kubelet", 2));
        var plan = Plan(3, pods, TwoNodes, EcsFirst());
        Assert.Equal(2, Deleted(plan, PlacementPool.Eci).Length);
        Assert.Single(Deleted(plan, PlacementPool.Ecs));
        var deletes = plan.Actions.Where(a => a.Kind == PlacementActionKind.Delete).Select(a => a.Pool).ToArray();
        Assert.Equal([PlacementPool.Eci, PlacementPool.Ecs], deletes);
    }

    [Fact]
    public void A_pod_deletion_cost_is_honoured_inside_a_pool()
    {
        var cheap = Pod("eci-cheap", "virtual-kubelet", ageSeconds: 7200) with
        {
            Annotations = new Dictionary<string, string> { [DeletionRanking.DeletionCostAnnotation] = "-100" },
        };
        var plan = Plan(1, [Pod("eci-new", "virtual-kubelet", ageSeconds: 60), cheap], [VirtualNode()], EcsFirst());
        Assert.Equal(["eci-cheap"], Deleted(plan, PlacementPool.Eci));
    }

    [Fact]
    public void Eci_creations_are_held_to_the_per_minute_limit_over_a_sliding_minute()
    {
        var history = PlacementHistory.Empty with { EciCreations = [new EciCreation(T0.AddSeconds(-30), 990)] };
        var full = new[] { Ecs("ecs-1", cpu: "0") , VirtualNode() };
        var plan = Plan(20, [], full, EcsFirst(), history);
        Assert.Equal(10, Created(plan, PlacementPool.Eci));
        Assert.Equal((10, 10), (plan.EciReplicas, plan.Unplaced));
        Assert.Equal(Reasons.EciCreateRateLimited, plan.Reason);
        Assert.Equal(Reasons.EciCreateRateLimited, Find(plan, PlacementActionKind.Create, PlacementPool.Eci)!.Reason);
        Assert.Equal([new EciCreation(T0.AddSeconds(-30), 990), new EciCreation(T0, 10)], plan.History.EciCreations.ToArray());

        // 31 s later the 990 have left the window; the earlier 10 still count.
        var later = Plan(1020, [], full, EcsFirst(), plan.History, T0.AddSeconds(31));
        Assert.Equal(990, Created(later, PlacementPool.Eci));
        Assert.Equal([new EciCreation(T0, 10), new EciCreation(T0.AddSeconds(31), 990)], later.History.EciCreations.ToArray());
    }

    [Fact]
    public void The_default_eci_limit_is_1000_a_minute()
    {
        var plan = Plan(1500, [], [VirtualNode()], new PlacementSpec());
        Assert.Equal(1000, Created(plan, PlacementPool.Eci));
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    public void Ecs_pods_unschedulable_for_the_pending_timeout_move_to_eci(int pendingSeconds, bool moved)
    {
        var pods = Many("ecs", "ecs-1", 4).Append(Unschedulable("stuck", pendingSeconds));
        var nodes = new[] { Ecs("ecs-1", usedCpu: "4"), VirtualNode() };
        var plan = Plan(5, pods, nodes, EcsFirst());
        if (moved)
        {
            Assert.Equal((4, 1), (plan.EcsReplicas, plan.EciReplicas));
            Assert.Collection(plan.Actions,
                a => Assert.Equal((PlacementActionKind.Create, PlacementPool.Eci, 1, Reasons.PendingTimeout), (a.Kind, a.Pool, a.Count, a.Reason)),
                a => Assert.Equal((PlacementActionKind.Delete, PlacementPool.Ecs, "stuck", Reasons.PendingTimeout), (a.Kind, a.Pool, a.Pods.Single(), a.Reason)));
        }
        else
        {
            Assert.Empty(plan.Actions);
            Assert.Equal(T0.AddSeconds(-pendingSeconds), plan.History.PendingSince["stuck"]);
        }
    }

    [Fact]
    public void The_pending_clock_comes_from_history_when_the_condition_is_newer()
    {
        // The condition says 5 s (it was refreshed), the history says 25 s: the history wins.
        var history = PlacementHistory.Empty with
        {
            PendingSince = ImmutableDictionary<string, DateTimeOffset>.Empty.Add("stuck", T0.AddSeconds(-25)),
        };
        var plan = Plan(1, [Unschedulable("stuck", 5)], [Ecs("ecs-1", usedCpu: "4"), VirtualNode()], EcsFirst(), history);
        Assert.Equal(["stuck"], Deleted(plan, PlacementPool.Ecs));
        Assert.Equal(T0.AddSeconds(-25), plan.History.PendingSince["stuck"]);
    }

    [Fact]
    public void A_custom_pending_timeout_is_used()
    {
        var plan = Plan(1, [Unschedulable("stuck", 30)], [Ecs("ecs-1", usedCpu: "4"), VirtualNode()], EcsFirst(pendingTimeout: 60));
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void An_unschedulable_pod_stays_pending_when_eci_is_disabled()
    {
        var plan = Plan(1, [Unschedulable("stuck", 60)], [Ecs("ecs-1", usedCpu: "4")], EcsFirst(eci: false));
        Assert.Empty(plan.Actions);
        Assert.Equal(Reasons.EciDisabled, plan.Reason);
    }

    [Fact]
    public void An_unschedulable_pod_that_is_no_longer_needed_is_just_deleted()
    {
        var plan = Plan(2, Many("ecs", "ecs-1", 2).Append(Unschedulable("stuck", 60)), [Ecs("ecs-1", usedCpu: "4"), VirtualNode()], EcsFirst());
        Assert.Equal(0, Created(plan, PlacementPool.Eci));
        Assert.Equal(["stuck"], Deleted(plan, PlacementPool.Ecs));
    }

    [Fact]
    public void Drain_back_waits_for_room_to_last_then_creates_on_ecs_and_deletes_eci_only_once_ecs_is_ready()
    {
        var spec = EcsFirst(drainBack: true, drainAfter: 300);
        var eci = Many("eci", "virtual-kubelet", 3).ToList();
        var ecs = Many("ecs", "ecs-1", 5).ToList();
        var nodes = new[] { Ecs("ecs-1", cpu: "8", usedCpu: "5"), VirtualNode() }; // 3 free slots

        // t0: room appears; nothing moves yet.
        var p0 = Plan(8, ecs.Concat(eci), nodes, spec);
        Assert.Empty(p0.Actions);
        Assert.Equal(T0, p0.History.EcsRoomSince);

        // t0 + 299 s: still waiting.
        var p1 = Plan(8, ecs.Concat(eci), nodes, spec, p0.History, T0.AddSeconds(299));
        Assert.Empty(p1.Actions);

        // t0 + 300 s: create 3 on ECS now; the ECI pods stay until those are Ready.
        var p2 = Plan(8, ecs.Concat(eci), nodes, spec, p1.History, T0.AddSeconds(300));
        Assert.Equal(Reasons.DrainBack, Find(p2, PlacementActionKind.Create, PlacementPool.Ecs)!.Reason);
        Assert.Equal(3, Created(p2, PlacementPool.Ecs));
        Assert.Empty(Deleted(p2, PlacementPool.Eci));
        Assert.Equal((8, 0), (p2.EcsReplicas, p2.EciReplicas));
        Assert.Equal(Reasons.DrainBackWaiting, p2.Reason);

        // The new ECS pods run but are not Ready: still no ECI deletion.
        var starting = Many("ecs-new", "ecs-1", 3, ready: false, ageSeconds: 10).ToList();
        var full = new[] { Ecs("ecs-1", cpu: "8", usedCpu: "8"), VirtualNode() };
        var p3 = Plan(8, ecs.Concat(starting).Concat(eci), full, spec, p2.History, T0.AddSeconds(310));
        Assert.Empty(p3.Actions);
        Assert.Equal(Reasons.DrainBackWaiting, p3.Reason);

        // Ready now: the ECI pods go.
        var readyNew = Many("ecs-new", "ecs-1", 3, ready: true, ageSeconds: 30).ToList();
        var p4 = Plan(8, ecs.Concat(readyNew).Concat(eci), full, spec, p3.History, T0.AddSeconds(330));
        Assert.Equal(3, Deleted(p4, PlacementPool.Eci).Length);
        Assert.Empty(Deleted(p4, PlacementPool.Ecs));
        Assert.Null(p4.History.EcsRoomSince);
    }

    [Fact]
    public void Drain_back_does_nothing_when_disabled()
    {
        var spec = EcsFirst(drainBack: false);
        var pods = Many("ecs", "ecs-1", 5).Concat(Many("eci", "virtual-kubelet", 3)).ToList();
        var nodes = new[] { Ecs("ecs-1", cpu: "8", usedCpu: "5"), VirtualNode() };
        var p0 = Plan(8, pods, nodes, spec);
        var p1 = Plan(8, pods, nodes, spec, p0.History, T0.AddSeconds(3600));
        Assert.Empty(p1.Actions);
    }

    [Fact]
    public void Room_that_disappears_resets_the_drain_back_clock()
    {
        var spec = EcsFirst(drainBack: true, drainAfter: 300);
        var pods = Many("ecs", "ecs-1", 5).Concat(Many("eci", "virtual-kubelet", 3)).ToList();
        var p0 = Plan(8, pods, [Ecs("ecs-1", cpu: "8", usedCpu: "5"), VirtualNode()], spec);
        var p1 = Plan(8, pods, [Ecs("ecs-1", cpu: "8", usedCpu: "8"), VirtualNode()], spec, p0.History, T0.AddSeconds(200));
        Assert.Null(p1.History.EcsRoomSince);
        var p2 = Plan(8, pods, [Ecs("ecs-1", cpu: "8", usedCpu: "5"), VirtualNode()], spec, p1.History, T0.AddSeconds(400));
        Assert.Empty(p2.Actions);
        Assert.Equal(T0.AddSeconds(400), p2.History.EcsRoomSince);
    }

    [Fact]
    public void Ratio_rebalancing_is_make_before_break()
    {
        var spec = new PlacementSpec { Strategy = PlacementStrategy.Ratio, Ratio = new RatioSpec { Ecs = 70, Eci = 30 } };
        var pods = Many("ecs", "ecs-1", 5).Concat(Many("eci", "virtual-kubelet", 5)).ToList();
        var plan = Plan(10, pods, TwoNodes, spec);
        Assert.Equal(2, Created(plan, PlacementPool.Ecs));
        Assert.Empty(Deleted(plan, PlacementPool.Eci));
        Assert.Equal((7, 3), (plan.EcsReplicas, plan.EciReplicas));
    }

    [Fact]
    public void Fixed_places_n_on_ecs_whatever_the_room()
    {
        var spec = new PlacementSpec { Strategy = PlacementStrategy.Fixed, Ecs = new EcsPoolSpec { Replicas = 6 } };
        var plan = Plan(10, [], [Ecs("ecs-1", cpu: "1"), VirtualNode()], spec);
        Assert.Equal((6, 4), (Created(plan, PlacementPool.Ecs), Created(plan, PlacementPool.Eci)));
        Assert.Equal(Reasons.FixedSplit, plan.Reason);
    }

    /// <summary>
    /// Fixed and Ratio do not consult ECS room: a pod that ECS cannot place waits out the timeout and goes to ECI. Once
    /// it has, they must not ask ECS again at the next sync while ECS is still full, or the pod cycles between the pools
    /// every timeout (the ECS pod deleted, recreated, unschedulable again; the ECI pod made and released each time).
    /// </summary>
    [Theory]
    [InlineData(PlacementStrategy.Fixed)]
    [InlineData(PlacementStrategy.Ratio)]
    public void After_a_pending_timeout_move_no_ecs_pod_is_asked_for_until_ecs_has_room_or_the_hold_lapses(PlacementStrategy strategy)
    {
        var spec = new PlacementSpec
        {
            Strategy = strategy, Ecs = new EcsPoolSpec { Replicas = 1 }, Ratio = new RatioSpec { Ecs = 50, Eci = 50 },
            DrainBack = new DrainBackSpec { AfterSeconds = 300 },
        };
        NodeState[] full = [Ecs("ecs-1", cpu: "4", usedCpu: "4"), VirtualNode()];
        NodeState[] roomy = [Ecs("ecs-1", cpu: "4", usedCpu: "2"), VirtualNode()];

        // The ECS pod has been unschedulable for 60 s: it goes to ECI.
        var moved = Plan(2, [Unschedulable("stuck", 60), Pod("eci-0", "virtual-kubelet")], full, spec);
        Assert.Equal(1, Created(moved, PlacementPool.Eci));
        Assert.Equal(["stuck"], Deleted(moved, PlacementPool.Ecs));
        Assert.Equal(T0, moved.History.EcsUnschedulableAt);

        // The next sync, ECS still full: both replicas stay on ECI.
        var onEci = Many("eci", "virtual-kubelet", 2).ToList();
        var held = Plan(2, onEci, full, spec, moved.History, T0.AddSeconds(15));
        Assert.Equal((0, 0, 2), (Created(held, PlacementPool.Ecs), held.EcsReplicas, held.EciReplicas));
        Assert.Equal(T0, held.History.EcsUnschedulableAt);

        // Room on ECS ends the hold at once; so does drainBack.afterSeconds without it (a cluster autoscaler may have
        // added nodes only pending pods would have asked for).
        Assert.Equal(1, Created(Plan(2, onEci, roomy, spec, held.History, T0.AddSeconds(30)), PlacementPool.Ecs));
        var lapsed = Plan(2, onEci, full, spec, held.History, T0.AddSeconds(300));
        Assert.Equal(1, Created(lapsed, PlacementPool.Ecs));
        Assert.Null(lapsed.History.EcsUnschedulableAt);
    }

    [Fact]
    public void Terminating_and_finished_pods_are_ignored()
    {
        var pods = new[]
        {
            Pod("gone", "ecs-1") with { DeletionTimestamp = T0 },
            Pod("done", "ecs-1", phase: PodPhase.Succeeded),
            Pod("failed", "ecs-1", phase: PodPhase.Failed),
            Pod("live", "ecs-1"),
        };
        var plan = Plan(2, pods, TwoNodes, EcsFirst());
        Assert.Equal(1, Created(plan, PlacementPool.Ecs));
    }

    [Fact]
    public void A_plan_with_nothing_to_do_returns_the_same_history()
    {
        var history = PlacementHistory.Empty;
        var plan = Plan(4, Many("ecs", "ecs-1", 4), TwoNodes, EcsFirst(), history);
        Assert.Empty(plan.Actions);
        Assert.Same(history, plan.History);
    }

    public static TheoryData<string, PodState> TwinPods => new()
    {
        { "bound to the virtual node", Pod("twin-1", "virtual-kubelet") },
        { "unbound and unschedulable", Unschedulable("twin-1", 600) },
        { "bound to an ECS node", Pod("twin-1", "ecs-1") },
    };

    [Theory]
    [MemberData(nameof(TwinPods))]
    public void A_pod_of_the_twin_is_eci_wherever_it_is(string where, PodState pod)
    {
        var twin = pod with { Labels = new Dictionary<string, string> { ["app"] = "web", [AckLabels.PoolLabel] = AckLabels.PoolEci } };
        var plan = Plan(1, [twin], TwoNodes, EcsFirst());
        Assert.True((plan.EcsReplicas, plan.EciReplicas) == (0, 1), where);
        Assert.True(plan.Actions.Count == 0, where);
        Assert.True(plan.History.PendingSince.IsEmpty, where);
    }
}
