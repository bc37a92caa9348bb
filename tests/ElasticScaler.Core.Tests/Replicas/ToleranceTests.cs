using ElasticScaler.Core.Model;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Replicas;

public sealed class ToleranceTests
{
    [Theory]
    [InlineData(0.1, 0.1, 0.9, true)]
    [InlineData(0.1, 0.1, 1.1, true)]
    [InlineData(0.1, 0.1, 0.8999, false)]
    [InlineData(0.1, 0.1, 1.1001, false)]
    [InlineData(0.1, 0.05, 1.07, false)]
    [InlineData(0.3, 0.05, 0.75, true)]
    [InlineData(0, 0, 1.0, true)]
    [InlineData(0, 0, 1.0000001, false)]
    public void The_band_is_inclusive_and_separate_per_direction(double down, double up, double ratio, bool within) =>
        Assert.Equal(within, new Tolerance(down, up).Contains(ratio));

    [Fact]
    public void NaN_and_infinity_are_never_within()
    {
        Assert.False(Tolerance.Default.Contains(double.NaN));
        Assert.False(Tolerance.Default.Contains(double.PositiveInfinity));
    }

    [Theory]
    [InlineData(0.1, 0.1, "[down:10.0%, up:10.0%]")]
    [InlineData(0.05, 0.2, "[down:5.0%, up:20.0%]")]
    [InlineData(0, 2, "[down:0.0%, up:200.0%]")]
    public void Prints_like_hpa(double down, double up, string expected) => Assert.Equal(expected, new Tolerance(down, up).ToString());

    [Fact]
    public void Behavior_overrides_the_controller_tolerance_per_direction()
    {
        var settings = new ControllerSettings { Tolerance = 0.2 };
        Assert.Equal(new Tolerance(0.2, 0.2), Tolerance.For(null, settings));
        Assert.Equal(new Tolerance(0.2, 0.2), Tolerance.For(new BehaviorSpec(), settings));
        var behavior = new BehaviorSpec { ScaleUp = new ScalingRules { Tolerance = Quantity.Parse("0.05") } };
        Assert.Equal(new Tolerance(0.2, 0.05), Tolerance.For(behavior, settings));
        behavior = new BehaviorSpec { ScaleDown = new ScalingRules { Tolerance = Quantity.Parse("500m") } };
        Assert.Equal(new Tolerance(0.5, 0.2), Tolerance.For(behavior, settings));
    }
}
