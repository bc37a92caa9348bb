using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Tests.Decisions;
using static ElasticScaler.Core.Tests.Placement.PlacementTestKit;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class PlacementDryRunTests
{
    [Fact]
    public void A_dry_run_plan_reports_its_eci_creations_but_does_not_spend_the_budget_on_them()
    {
        var plan = PlacementPlanner.Plan(new PlacementInput
        {
            Desired = 150,
            Pods = [],
            Nodes = [VirtualNode()],
            Template = OneCpu,
            Spec = EcsFirst(),
            Now = T0,
            DryRun = true,
        });
        Assert.Equal(150, Created(plan, PlacementPool.Eci));
        Assert.Empty(plan.History.EciCreations);
    }

    [Fact]
    public void Ten_dry_run_syncs_asking_for_1500_eci_pods_in_all_never_report_the_rate_limit()
    {
        // Each sync asks for the same 150 ECI pods, because a dry run makes none; ten syncs 5 s apart would have
        // recorded 1500 against the limit of 1000 a minute if the pipeline kept dry-run creations.
        var spec = DecisionFixtures.NewSpec(min: 160, max: 160) with
        {
            DryRun = true,
            Placement = EcsFirst(perMinute: 1000),
        };
        var input = DecisionFixtures.Input(spec, replicas: 10, utilizationPercent: 50) with
        {
            Nodes = [Ecs("ecs-1", cpu: "10", usedCpu: "10", podCount: 10), VirtualNode()],
        };
        var history = DecisionHistory.Empty;
        for (int sync = 0; sync < 10; sync++)
        {
            var d = DecisionPipeline.Decide(input, history, DecisionFixtures.Now.AddSeconds(5 * sync));
            var plan = d.Placement!;
            Assert.Equal(150, Created(plan, PlacementPool.Eci));
            Assert.NotEqual(Reasons.EciCreateRateLimited, plan.Reason);
            Assert.DoesNotContain(plan.Actions, a => a.Reason == Reasons.EciCreateRateLimited);
            history = d.History;
        }
    }
}
