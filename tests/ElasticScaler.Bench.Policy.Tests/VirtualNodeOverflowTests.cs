using ElasticScaler.Core.Placement;
using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Bench.Policy.Tests;

/// <summary>Fast mode's model of the seed's virtual node, which seed-hpa-vk runs on.</summary>
public sealed class VirtualNodeOverflowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);

    private static (int Ecs, int Eci, int Pending) Active(FastCluster c) =>
        (c.Pods.Count(p => p.DeletedAt is null && p.NodeName is not null && !p.OnVirtualNode),
         c.Pods.Count(p => p.DeletedAt is null && p.OnVirtualNode),
         c.Pods.Count(p => p.DeletedAt is null && p.NodeName is null));

    private static FastCluster Burst(bool overflow, int replicas)
    {
        var c = new FastCluster(new FastModeOptions { VirtualNodeOverflow = overflow, StartupJitter = 0 });
        c.Reconcile(PlacementPool.Ecs, replicas, T0);
        c.Step(T0, TimeSpan.Zero);
        c.Step(T0.AddMinutes(5), TimeSpan.FromMinutes(5));
        return c;
    }

    [Fact]
    public void Without_the_virtual_node_the_pods_past_the_ecs_room_wait_pending()
    {
        Assert.Equal((22, 0, 78), Active(Burst(overflow: false, 100)));
    }

    [Fact]
    public void With_it_they_run_on_eci_as_the_targets_own_pods()
    {
        var c = Burst(overflow: true, 100);
        Assert.Equal((22, 78, 0), Active(c));
        Assert.All(c.Pods, p => Assert.Equal(PlacementPool.Ecs, p.Pool));   // one ReplicaSet: the target's
        Assert.Equal(100, c.ReadyPods(T0.AddMinutes(5)));
    }

    [Fact]
    public void The_replicasets_order_releases_eci_while_the_virtual_node_is_crowded_then_ecs()
    {
        var c = Burst(overflow: true, 100);
        var t = T0.AddMinutes(10);
        // 78 pods on the virtual node against 11 on each ECS node: the crowded node's pods go first.
        c.Reconcile(PlacementPool.Ecs, 30, t);
        c.Step(t.AddMinutes(1), TimeSpan.FromMinutes(1));
        Assert.Equal((22, 8, 0), Active(c));
        // Now 8 on ECI against 11 per ECS node: back to 22 deletes ECS pods and keeps the ECI ones.
        c.Reconcile(PlacementPool.Ecs, 22, t.AddMinutes(2));
        c.Step(t.AddMinutes(3), TimeSpan.FromMinutes(1));
        Assert.Equal((14, 8, 0), Active(c));
    }
}
