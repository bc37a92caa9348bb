using CsCheck;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class PlacementPropertyTests
{
    [Fact]
    public void Ecs_first_scale_in_never_removes_an_ecs_replica_while_an_eci_one_remains()
    {
        Gen.Select(Gen.Int[0, 30], Gen.Int[0, 30], Gen.Int[0, 60], Gen.Bool.Array[60]).Sample((ecsCount, eciCount, desired, readiness) =>
        {
            var pods = new List<PodState>();
            for (int i = 0; i < ecsCount; i++) pods.Add(Pod($"ecs-{i}", "ecs-1", readiness[i], ageSeconds: 30 + i));
            for (int i = 0; i < eciCount; i++) pods.Add(Pod($"eci-{i}", "virtual-kubelet", readiness[30 + i], ageSeconds: 30 + i));
            var plan = Plan(desired, pods, [Ecs("ecs-1", cpu: "100", pods: 200), VirtualNode()], EcsFirst());
            int eciLeft = eciCount - Deleted(plan, PlacementPool.Eci).Length;
            if (Deleted(plan, PlacementPool.Ecs).Length > 0) Assert.Equal(0, eciLeft);
        }, iter: 1000);
    }

    [Fact]
    public void The_per_minute_eci_limit_is_never_exceeded_over_a_run_of_decisions()
    {
        const int limit = 7;
        Gen.Select(Gen.Int[1, 40].Array[30], Gen.Int[0, 25].Array[30]).Sample((steps, desireds) =>
        {
            var now = T0;
            var history = PlacementHistory.Empty;
            var pods = new List<PodState>();
            var created = new List<(DateTimeOffset At, int Count)>();
            int next = 0;
            for (int d = 0; d < steps.Length; d++)
            {
                now = now.AddSeconds(steps[d]);
                var plan = PlacementPlanner.Plan(new PlacementInput
                {
                    Desired = desireds[d],
                    Pods = pods,
                    Nodes = [VirtualNode()],
                    Template = OneCpu,
                    Spec = EcsFirst(perMinute: limit),
                    History = history,
                    Now = now,
                });
                history = plan.History;
                // Apply the plan: new ECI pods run and are Ready at once, deleted pods vanish.
                int n = Created(plan, PlacementPool.Eci);
                if (n > 0) created.Add((now, n));
                for (int i = 0; i < n; i++) pods.Add(Pod($"eci-{next++}", "virtual-kubelet") with { CreationTimestamp = now });
                var gone = plan.Actions.Where(a => a.Kind == PlacementActionKind.Delete).SelectMany(a => a.Pods).ToHashSet();
                pods = pods.Where(p => !gone.Contains(p.Name)).ToList();
                // Every 60 s window ending at a creation holds no more than the limit.
                int inWindow = created.Where(c => c.At > now.AddSeconds(-60)).Sum(c => c.Count);
                Assert.InRange(inWindow, 0, limit);
            }
        }, iter: 300);
    }

    [Fact]
    public void Total_equals_desired_whenever_capacity_allows()
    {
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 20], Gen.Int[0, 15], Gen.Int[0, 200]).Sample((freeCpu, ecsPods, eciPods, desired) =>
        {
            var pods = Many("ecs", "ecs-1", ecsPods).Concat(Many("eci", "virtual-kubelet", eciPods));
            var nodes = new[] { Ecs("ecs-1", cpu: (ecsPods + freeCpu).ToString(), usedCpu: ecsPods.ToString(), pods: 500), VirtualNode() };
            var plan = Plan(desired, pods, nodes, EcsFirst());
            Assert.Equal(desired, plan.EcsReplicas + plan.EciReplicas);
            Assert.Equal(0, plan.Unplaced);
            Assert.True(plan.EcsReplicas <= ecsPods + freeCpu);
        }, iter: 1000);
    }
}
