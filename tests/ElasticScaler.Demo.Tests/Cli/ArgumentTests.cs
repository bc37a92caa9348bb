using ElasticScaler.Demo.Tests.EndToEnd;

namespace ElasticScaler.Demo.Tests.Cli;

/// <summary>Bad arguments exit 2 with a line naming the flag and the fix, before anything starts.</summary>
public sealed class ArgumentTests
{
    public static TheoryData<string[], string> Bad => new()
    {
        { ["--max-users", "0"], "--max-users" },
        { ["--max-users", "lots"], "--max-users" },
        { ["--time-scale", "0.5"], "--time-scale" },
        { ["--full", "--time-scale", "2"], "--full and --time-scale" },
        { ["--port", "70000"], "--port" },
        { ["--think-time", "soon"], "--think-time" },
        { ["--report", " "], "--report" },
        { ["--fast"], "--fast" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Each_bad_value_is_named(string[] args, string flag)
    {
        var (options, errors) = DemoCommand.Read(DemoCommand.Create().Parse(args), interactive: false);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains(flag, StringComparison.Ordinal));
    }

    [Fact]
    public void Full_is_the_seeds_real_timeline_and_the_default_is_three_minutes_of_ramp()
    {
        var (full, _) = DemoCommand.Read(DemoCommand.Create().Parse(["--full"]), interactive: false);
        var (quick, _) = DemoCommand.Read(DemoCommand.Create().Parse([]), interactive: false);

        Assert.Equal((1.0, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(15)), (full!.TimeScale, full.StepDuration, full.SyncPeriod));
        Assert.Equal((TimeSpan.FromSeconds(18), TimeSpan.FromSeconds(5)), (quick!.StepDuration, quick.SyncPeriod));
        Assert.False(quick.Live, "not a terminal: plain lines");
        Assert.False(quick.KeepServing, "not a terminal: exit at the end");
    }

    [Fact]
    public async Task The_process_exits_2_and_names_the_flag()
    {
        await using var demo = DemoProcess.Start("--max-users", "-3");

        Assert.Equal(2, await demo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("--max-users", demo.Output, StringComparison.Ordinal);
    }
}
