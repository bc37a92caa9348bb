using CsCheck;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

/// <summary>Invariants of the two-count plan over random pods, nodes, declared counts, desired totals and specs.</summary>
public sealed class TwinPlanPropertyTests
{
    /// <summary>One random situation: what is declared, which pods exist (fewer or more than declared), the room,
    /// the spec and the budget already spent.</summary>
    private sealed record Case(PoolReplicas Declared, List<PodState> Pods, int Expired, NodeState[] Nodes, int Desired, PlacementSpec Spec,
        PlacementHistory History, bool CapsAboveDeclared)
    {
        public PlacementInput Input(bool declared = true) => new()
        {
            Desired = Desired,
            Pods = Pods,
            Nodes = Nodes,
            Template = OneCpu,
            Spec = Spec,
            History = History,
            Now = T0,
            Declared = declared ? Declared : null,
        };

        public override string ToString() =>
            $"declared {Declared}, desired {Desired}, {Pods.Count} pods ({Expired} unschedulable past the timeout), {Spec.Strategy}, " +
            $"drainBack {Spec.DrainBack?.Enabled}, ecsMax {Spec.Ecs?.MaxReplicas}, eciMax {Spec.Eci?.MaxReplicas}, eci {Spec.Eci?.Enabled}";
    }

    private static readonly Gen<PodState> EcsPod =
        from kind in Gen.Int[0, 9]
        from ready in Gen.Bool
        from age in Gen.Int[5, 2000]
        select kind switch
        {
            0 => Unschedulable("", 30),    // past the 20 s timeout
            1 => Unschedulable("", 5),     // still within it
            _ => Pod("", "ecs-1", ready, age),
        };

    private static readonly Gen<PodState> EciPod =
        from bound in Gen.Int[0, 5]
        from ready in Gen.Bool
        from age in Gen.Int[5, 2000]
        select TwinPod("", bound == 0 ? null : "virtual-kubelet", bound != 0 && ready, age);

    private static Gen<Case> Cases(bool capsAboveDeclared, bool? ecsFirstNoDrainBack = null) =>
        from ecs in Gen.Int[0, 15]
        from eci in Gen.Int[0, 15]
        from ecsPods in EcsPod.List[0, 18]
        from eciPods in EciPod.List[0, 18]
        from freeCpu in Gen.Int[0, 12]
        from desired in Gen.Int[0, 40]
        from strategy in Gen.Int[0, 2].Select(i => (PlacementStrategy)i)
        from drainBack in Gen.Bool
        from ecsMaxRaw in Gen.Int[-1, 20]
        from eciMaxRaw in Gen.Int[-1, 20]
        from eciOn in Gen.Int[0, 4]
        from perMinute in Gen.Int[1, 30]
        from spent in Gen.Int[0, 30]
        from fixedEcs in Gen.Int[0, 20]
        from ratio in Gen.Int[0, 100]
        select Build(ecs, eci, ecsPods, eciPods, freeCpu, desired,
            ecsFirstNoDrainBack == true ? PlacementStrategy.EcsFirst : strategy, ecsFirstNoDrainBack != true && drainBack,
            capsAboveDeclared ? (ecsMaxRaw < 0 ? null : ecs + ecsMaxRaw) : (ecsMaxRaw < 0 ? null : ecsMaxRaw),
            capsAboveDeclared ? (eciMaxRaw < 0 ? null : eci + eciMaxRaw) : (eciMaxRaw < 0 ? null : eciMaxRaw),
            // Turning ECI off forces the twin down, which the floor allows; keep it for the cases that may break the floor.
            capsAboveDeclared ? eci > 0 || eciOn != 0 : eciOn != 0,
            perMinute, Math.Min(spent, perMinute), fixedEcs, ratio, capsAboveDeclared);

    private static Case Build(int ecs, int eci, List<PodState> ecsPods, List<PodState> eciPods, int freeCpu, int desired, PlacementStrategy strategy,
        bool drainBack, int? ecsMax, int? eciMax, bool eciEnabled, int perMinute, int spent, int fixedEcs, int ratio, bool capsAboveDeclared)
    {
        var pods = new List<PodState>();
        for (int i = 0; i < ecsPods.Count; i++) pods.Add(ecsPods[i] with { Name = $"ecs-{i}" });
        for (int i = 0; i < eciPods.Count; i++) pods.Add(eciPods[i] with { Name = $"eci-{i}" });
        int expired = ecsPods.Count(p => p.NodeName is null && p.CreationTimestamp <= T0.AddSeconds(-20));
        int bound = ecsPods.Count(p => p.NodeName is not null);
        var nodes = new[] { Ecs("ecs-1", cpu: (bound + freeCpu).ToString(), usedCpu: bound.ToString(), pods: 500, podCount: bound), VirtualNode() };
        var spec = new PlacementSpec
        {
            Strategy = strategy,
            Ecs = new EcsPoolSpec { MaxReplicas = ecsMax, Replicas = fixedEcs },
            Eci = new EciPoolSpec { Enabled = eciEnabled, MaxReplicas = eciMax, MaxCreatePerMinute = perMinute },
            Ratio = new RatioSpec { Ecs = ratio, Eci = 100 - ratio },
            DrainBack = new DrainBackSpec { Enabled = drainBack, AfterSeconds = 0 },
        };
        var history = PlacementHistory.Empty with
        {
            EciCreations = spent > 0 ? [new EciCreation(T0.AddSeconds(-30), spent)] : [],
            EcsRoomSince = T0.AddSeconds(-600),
        };
        return new Case(new PoolReplicas(ecs, eci), pods, expired, nodes, desired, spec, history, capsAboveDeclared);
    }

    [Fact]
    public void Each_pool_moves_from_its_declared_count_toward_the_split_within_caps_and_the_eci_budget()
    {
        Cases(capsAboveDeclared: false).Sample(c =>
        {
            var plan = PlacementPlanner.Plan(c.Input());
            var (d, n) = (c.Declared, plan.Next);
            Assert.True(n.Ecs >= 0 && n.Eci >= 0, $"negative {n}");
            Assert.InRange(n.Ecs, Math.Min(d.Ecs, plan.EcsReplicas), Math.Max(d.Ecs, plan.EcsReplicas));
            Assert.InRange(n.Eci, Math.Min(d.Eci, plan.EciReplicas), Math.Max(d.Eci, plan.EciReplicas));
            int remaining = EciBudget.Remaining(c.History.EciCreations, T0, c.Spec.Eci!.MaxCreatePerMinute!.Value);
            Assert.True(n.Eci - d.Eci <= remaining, $"ECI grew by {n.Eci - d.Eci} with {remaining} left in the minute");
            if (n.Eci > d.Eci) Assert.True(n.Eci <= (c.Spec.Eci.Enabled == false ? 0 : c.Spec.Eci.MaxReplicas ?? int.MaxValue), "above eci.maxReplicas");
            if (n.Ecs > d.Ecs) Assert.True(n.Ecs <= (c.Spec.Ecs!.MaxReplicas ?? int.MaxValue), "above ecs.maxReplicas");
            Assert.Empty(plan.Actions);
        }, iter: 3000, print: c => c.ToString());
    }

    [Fact]
    public void Ecs_first_without_drain_back_moves_the_total_toward_desired_and_never_past_it()
    {
        Cases(capsAboveDeclared: true, ecsFirstNoDrainBack: true).Sample(c =>
        {
            var plan = PlacementPlanner.Plan(c.Input());
            int total = c.Declared.Total, next = plan.Next.Total;
            Assert.InRange(next, Math.Min(total, c.Desired), Math.Max(total, c.Desired));
        }, iter: 3000, print: c => c.ToString());
    }

    [Fact]
    public void Ecs_first_releases_eci_first_the_target_shrinks_only_for_the_pending_move_while_the_twin_has_replicas()
    {
        Cases(capsAboveDeclared: true).Where(c => c.Spec.Strategy == PlacementStrategy.EcsFirst).Sample(c =>
        {
            var plan = PlacementPlanner.Plan(c.Input());
            if (plan.Next.Eci > 0)
                Assert.True(plan.Next.Ecs >= c.Declared.Ecs - Math.Min(c.Expired, c.Declared.Ecs), $"target shrank to {plan.Next.Ecs} with the twin at {plan.Next.Eci}");
        }, iter: 3000, print: c => c.ToString());
    }

    [Fact]
    public void Applied_in_order_the_twin_writes_never_dip_below_the_smaller_of_current_and_desired_and_end_at_next()
    {
        Cases(capsAboveDeclared: true).Sample(c =>
        {
            var plan = PlacementPlanner.Plan(c.Input());
            var state = c.Declared;
            int floor = Math.Min(c.Declared.Total, c.Desired);
            foreach (var w in PlacementPlan.TwinWrites(c.Declared, plan.Next))
            {
                Assert.True(w.Replicas >= 0, $"negative write {w}");
                state = w.Part == TwinPart.Target ? state with { Ecs = w.Replicas } : state with { Eci = w.Replicas };
                Assert.True(state.Total >= floor, $"total {state.Total} below {floor} after {w}");
            }
            Assert.Equal(plan.Next, state);
        }, iter: 3000, print: c => c.ToString());
    }

    [Fact]
    public void Declaring_what_the_pods_already_are_gives_the_plan_the_pods_give_and_the_actions_are_next_minus_the_pods()
    {
        Cases(capsAboveDeclared: false).Sample(c =>
        {
            int ecsPods = c.Pods.Count(p => p.Name.StartsWith("ecs-", StringComparison.Ordinal));
            int eciPods = c.Pods.Count - ecsPods;
            var byPods = PlacementPlanner.Plan(c.Input(declared: false));
            var asDeclared = PlacementPlanner.Plan(c.Input() with { Declared = new PoolReplicas(ecsPods, eciPods) });
            Assert.Equal(byPods.Next, asDeclared.Next);
            Assert.Equal((byPods.EcsReplicas, byPods.EciReplicas, byPods.Unplaced, byPods.Reason),
                (asDeclared.EcsReplicas, asDeclared.EciReplicas, asDeclared.Unplaced, asDeclared.Reason));
            Assert.Equal(byPods.Next.Ecs - ecsPods, Created(byPods, PlacementPool.Ecs) - Deleted(byPods, PlacementPool.Ecs).Length);
            Assert.Equal(byPods.Next.Eci - eciPods, Created(byPods, PlacementPool.Eci) - Deleted(byPods, PlacementPool.Eci).Length);
            Assert.Equal(Deleted(byPods, PlacementPool.Ecs).Length, Deleted(byPods, PlacementPool.Ecs).Distinct().Count());
        }, iter: 3000, print: c => c.ToString());
    }

    [Fact]
    public void A_plan_that_creates_pods_deletes_a_ready_pod_only_while_desired_ready_pods_remain()
    {
        Cases(capsAboveDeclared: true).Sample(c =>
        {
            var plan = PlacementPlanner.Plan(c.Input(declared: false));
            if (Created(plan, PlacementPool.Ecs) + Created(plan, PlacementPool.Eci) == 0) return;
            var deleted = plan.Actions.Where(a => a.Kind == PlacementActionKind.Delete).SelectMany(a => a.Pods).ToHashSet();
            int ready = c.Pods.Count(DeletionRanking.IsReady);
            int readyDeleted = c.Pods.Count(p => deleted.Contains(p.Name) && DeletionRanking.IsReady(p));
            Assert.True(readyDeleted <= Math.Max(0, ready - c.Desired), $"{readyDeleted} of {ready} Ready pods deleted for {c.Desired} desired");
        }, iter: 3000, print: c => c.ToString());
    }
}
