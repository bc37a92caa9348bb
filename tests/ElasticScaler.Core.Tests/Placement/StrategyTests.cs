using CsCheck;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Placement;

public sealed class StrategyTests
{
    private static PlacementContext Context(int desired, int ecsNow = 0, int eciNow = 0, int free = 1000, int expired = 0,
        int ecsMax = int.MaxValue, int eciMax = int.MaxValue, bool drain = false, PlacementSpec? spec = null) =>
        new(desired, ecsNow, eciNow, free, expired, ecsMax, eciMax, drain, spec ?? new PlacementSpec());

    [Theory]
    [InlineData("EcsFirst", typeof(EcsFirstStrategy))]
    [InlineData("ecsfirst", typeof(EcsFirstStrategy))]
    [InlineData("Fixed", typeof(FixedStrategy))]
    [InlineData("RATIO", typeof(RatioStrategy))]
    public void The_factory_builds_each_strategy_by_name(string name, Type type) =>
        Assert.IsType(type, PlacementStrategies.Create(name));

    [Fact]
    public void The_factory_names_the_known_strategies_for_an_unknown_one()
    {
        var ex = Assert.Throws<ArgumentException>(() => PlacementStrategies.Create("Spread"));
        Assert.StartsWith("spec.placement.strategy: \"Spread\": unknown placement strategy; use EcsFirst, Fixed or Ratio", ex.Message);
    }

    [Theory]
    [InlineData(10, 0, 0, 6, 6, 4, "EciBurst")]        // 6 fit on ECS, 4 burst
    [InlineData(10, 0, 0, 20, 10, 0, "EcsFirst")]      // all fit
    [InlineData(10, 6, 4, 20, 6, 4, "EcsFirst")]       // steady: ECI pods are not moved without drain-back
    [InlineData(8, 6, 4, 0, 6, 2, "EciReleasedFirst")] // scale-in takes ECI first
    [InlineData(3, 6, 4, 0, 3, 0, "EciReleasedFirst")] // then ECS
    public void Ecs_first_fills_ecs_then_bursts_and_releases_eci_first(int desired, int ecsNow, int eciNow, int free, int ecs, int eci, string reason)
    {
        var t = EcsFirstStrategy.Instance.Split(Context(desired, ecsNow, eciNow, free));
        Assert.Equal((ecs, eci, reason), (t.Ecs, t.Eci, t.Reason));
    }

    [Fact]
    public void Ecs_first_respects_both_caps()
    {
        var t = EcsFirstStrategy.Instance.Split(Context(20, free: 100, ecsMax: 5, eciMax: 8));
        Assert.Equal((5, 8), (t.Ecs, t.Eci));
    }

    [Fact]
    public void Ecs_first_drains_back_as_many_as_ecs_can_take_when_due()
    {
        var t = EcsFirstStrategy.Instance.Split(Context(10, ecsNow: 6, eciNow: 4, free: 3, drain: true));
        Assert.Equal((9, 1, Reasons.DrainBack), (t.Ecs, t.Eci, t.Reason));
    }

    [Theory]
    [InlineData(10, 70, 30, 7, 3)]
    [InlineData(1, 70, 30, 1, 0)]   // 0.7 rounds up
    [InlineData(3, 70, 30, 2, 1)]   // 2.1 rounds down
    [InlineData(5, 70, 30, 4, 1)]   // 3.5 rounds half up
    [InlineData(5, 50, 50, 3, 2)]   // 2.5 rounds half up
    [InlineData(7, 0, 1, 0, 7)]
    [InlineData(7, 1, 0, 7, 0)]
    public void Ratio_rounds_the_ecs_share_half_up_and_gives_eci_the_rest(int desired, int ecsW, int eciW, int ecs, int eci)
    {
        var spec = new PlacementSpec { Strategy = PlacementStrategy.Ratio, Ratio = new RatioSpec { Ecs = ecsW, Eci = eciW } };
        var t = RatioStrategy.Instance.Split(Context(desired, spec: spec));
        Assert.Equal((ecs, eci, Reasons.RatioSplit), (t.Ecs, t.Eci, t.Reason));
    }

    [Fact]
    public void Ratio_shares_are_within_one_of_the_exact_ratio()
    {
        Gen.Select(Gen.Int[0, 5000], Gen.Int[0, 100], Gen.Int[0, 100]).Where((_, e, i) => e + i > 0).Sample((desired, e, i) =>
        {
            var spec = new PlacementSpec { Strategy = PlacementStrategy.Ratio, Ratio = new RatioSpec { Ecs = e, Eci = i } };
            var t = RatioStrategy.Instance.Split(Context(desired, spec: spec));
            double exactEcs = (double)desired * e / (e + i);
            Assert.Equal(desired, t.Ecs + t.Eci);
            Assert.InRange(t.Ecs - exactEcs, -0.5, 0.5 + 1e-9);
            Assert.InRange(t.Eci - (desired - exactEcs), -0.5 - 1e-9, 0.5);
        }, iter: 2000);
    }

    [Theory]
    [InlineData(8, 5, 5, 3)]
    [InlineData(3, 5, 3, 0)]
    [InlineData(0, 5, 0, 0)]
    public void Fixed_puts_n_on_ecs_and_the_rest_on_eci(int desired, int fixedEcs, int ecs, int eci)
    {
        var spec = new PlacementSpec { Strategy = PlacementStrategy.Fixed, Ecs = new EcsPoolSpec { Replicas = fixedEcs } };
        var t = FixedStrategy.Instance.Split(Context(desired, spec: spec));
        Assert.Equal((ecs, eci, Reasons.FixedSplit), (t.Ecs, t.Eci, t.Reason));
    }

    [Fact]
    public void Ratio_and_fixed_make_no_new_ecs_pods_while_some_are_unschedulable_past_the_timeout()
    {
        var ratio = new PlacementSpec { Strategy = PlacementStrategy.Ratio, Ratio = new RatioSpec { Ecs = 70, Eci = 30 } };
        var t = RatioStrategy.Instance.Split(Context(10, ecsNow: 5, eciNow: 3, expired: 2, spec: ratio));
        Assert.Equal((5, 5), (t.Ecs, t.Eci));
        var fixedSpec = new PlacementSpec { Strategy = PlacementStrategy.Fixed, Ecs = new EcsPoolSpec { Replicas = 8 } };
        t = FixedStrategy.Instance.Split(Context(10, ecsNow: 6, eciNow: 2, expired: 2, spec: fixedSpec));
        Assert.Equal((6, 4), (t.Ecs, t.Eci));
    }

    [Fact]
    public void The_validator_reports_every_placement_problem()
    {
        var errors = PlacementValidator.Validate(new PlacementSpec
        {
            Strategy = PlacementStrategy.Ratio,
            Ecs = new EcsPoolSpec { MaxReplicas = -1 },
            Eci = new EciPoolSpec { MaxCreatePerMinute = 0 },
            PendingTimeoutSeconds = -5,
        });
        Assert.Equal(
        [
            "spec.placement.ecs.maxReplicas: -1: must be 0 or more",
            "spec.placement.eci.maxCreatePerMinute: 0: must be 1 or more (default 1000)",
            "spec.placement.ratio: null: strategy Ratio needs weights, such as {ecs: 70, eci: 30}",
            "spec.placement.pendingTimeoutSeconds: -5: must be 0 or more",
        ], errors);
        Assert.Contains("spec.placement.ecs.replicas: null: strategy Fixed needs the number of ECS replicas",
            PlacementValidator.Validate(new PlacementSpec { Strategy = PlacementStrategy.Fixed }));
        Assert.Empty(PlacementValidator.Validate(null));
    }
}
