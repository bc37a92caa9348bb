using System.Text.Json.Nodes;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using ElasticScaler.Sim.Cluster.Workloads;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>The ranking is tested in Core (DeletionRankingTests); here only that the sim reads what it compares.</summary>
public class PodStatesTests
{
    [Fact]
    public void A_pod_object_is_read_with_what_the_deletion_ranking_compares()
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "web-1", "uid": "u-1", "creationTimestamp": "2026-11-25T10:00:00Z",
                          "annotations": {"controller.kubernetes.io/pod-deletion-cost": "-5"}},
             "spec": {"nodeName": "ecs-1"},
             "status": {"phase": "Running",
                        "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-25T10:01:00Z"}],
                        "containerStatuses": [{"restartCount": 1}, {"restartCount": 4}]}}
            """)!.AsObject();
        var p = PodStates.Read(pod);
        Assert.Equal(("web-1", "u-1", "ecs-1", PodPhase.Running), (p.Name, p.Uid, p.NodeName, p.Phase));
        Assert.Equal(new PodCondition(true, new DateTimeOffset(2026, 11, 25, 10, 1, 0, TimeSpan.Zero)), p.Ready);
        Assert.Equal(4, p.Restarts);
        Assert.Equal(-5, DeletionRanking.DeletionCost(p));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), p.CreationTimestamp);
        Assert.True(DeletionRanking.IsActive(p));
    }

    [Fact]
    public void An_unscheduled_terminating_pod_reads_as_unassigned_and_inactive()
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "web-2", "deletionTimestamp": "2026-11-25T10:05:00Z"}, "spec": {"nodeName": ""},
             "status": {"phase": "Evicted"}}
            """)!.AsObject();
        var p = PodStates.Read(pod);
        Assert.Null(p.NodeName);
        Assert.Equal(PodPhase.Pending, p.Phase);   // an unknown phase ranks as Pending
        Assert.Null(p.Ready);
        Assert.Equal(0, p.Restarts);
        Assert.False(DeletionRanking.IsActive(p));
    }
}
