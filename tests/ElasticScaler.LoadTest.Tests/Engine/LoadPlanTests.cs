using ElasticScaler.LoadTest.Engine;

namespace ElasticScaler.LoadTest.Tests.Engine;

public sealed class LoadPlanTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static TheoryData<string, LoadSimulation[], double, double> Points => new()
    {
        { "a ramp starts from zero", [Simulation.RampingConstant(100, S(10))], 0, 0 },
        { "a ramp is linear", [Simulation.RampingConstant(100, S(10))], 2.5, 25 },
        { "a keep holds", [Simulation.RampingConstant(100, S(10)), Simulation.KeepConstant(100, S(10))], 15, 100 },
        { "a ramp down starts from the previous level", [Simulation.KeepConstant(100, S(10)), Simulation.RampingConstant(0, S(10))], 15, 50 },
        { "a pause is zero", [Simulation.KeepConstant(10, S(1)), Simulation.Pause(S(1)), Simulation.KeepConstant(5, S(1))], 1.5, 0 },
        { "after a pause the next stage applies", [Simulation.KeepConstant(10, S(1)), Simulation.Pause(S(1)), Simulation.KeepConstant(5, S(1))], 2.5, 5 },
        { "inject is a per-second rate", [Simulation.Inject(50, TimeSpan.FromMilliseconds(500), S(10))], 3, 100 },
        { "a rate ramp interpolates", [Simulation.Inject(10, S(1), S(10)), Simulation.RampingInject(110, S(1), S(10))], 15, 60 },
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void The_target_follows_the_stages(string name, LoadSimulation[] simulations, double atSecond, double expected)
    {
        var plan = LoadPlan.Build(simulations);

        var point = plan.At(S(atSecond));

        Assert.False(point.Finished, name);
        Assert.Equal(expected, point.Target, precision: 6);
    }

    [Fact]
    public void The_plan_ends_after_its_last_stage()
    {
        var plan = LoadPlan.Build([Simulation.KeepConstant(1, S(2)), Simulation.KeepConstant(2, S(3))]);

        Assert.Equal(S(5), plan.Duration);
        Assert.Equal(1, plan.At(S(4.999)).StageIndex);
        Assert.True(plan.At(S(5)).Finished);
        Assert.Equal(2, plan.Peak);
    }

    [Theory]
    [InlineData("closed then open", "do not mix")]
    [InlineData("iterations mixed", "cannot be mixed with other simulations")]
    [InlineData("negative copies", "copies must not be negative")]
    [InlineData("zero duration", "during must be positive")]
    [InlineData("zero interval", "interval must be positive")]
    [InlineData("none", "none given")]
    public void Impossible_plans_are_refused_with_the_fix(string problem, string message)
    {
        LoadSimulation[] simulations = problem switch
        {
            "closed then open" => [Simulation.KeepConstant(1, S(1)), Simulation.Inject(1, S(1), S(1))],
            "iterations mixed" => [Simulation.IterationsForConstant(1, 10), Simulation.Pause(S(1))],
            "negative copies" => [Simulation.KeepConstant(-1, S(1))],
            "zero duration" => [Simulation.KeepConstant(1, TimeSpan.Zero)],
            "zero interval" => [Simulation.Inject(1, TimeSpan.Zero, S(1))],
            _ => [],
        };

        var ex = Assert.Throws<LoadConfigException>(() => LoadPlan.Build(simulations));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
