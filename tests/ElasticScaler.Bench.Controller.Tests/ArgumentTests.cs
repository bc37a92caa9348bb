namespace ElasticScaler.Bench.Controller.Tests;

public sealed class ArgumentTests
{
    public static TheoryData<string[], string> Bad => new()
    {
        { [], "--scalers is required" },
        { ["--scalers", "0"], "--scalers: 0: must be more than 0" },
        { ["--scalers", "-5"], "--scalers: -5" },
        { ["--scalers", "many"], "--scalers" },
        { ["--scalers", "10", "--pods-per-scaler", "0"], "--pods-per-scaler: 0" },
        { ["--scalers", "10", "--minutes", "0"], "--minutes: 0" },
        { ["--scalers", "10", "--minutes", "-1.5"], "--minutes: -1.5" },
        { ["--scalers", "10", "--minutes", "soon"], "--minutes" },
        { ["--scalers", "10", "--sync-period", "15"], "--sync-period: \"15\"" },
        { ["--scalers", "10", "--sync-period", "0s"], "--sync-period: \"0s\"" },
        { ["--scalers", "10", "--out", " "], "--out" },
        { ["--scalers", "10", "--frobnicate"], "--frobnicate" },
        { ["--scalers", "10", "--service-memory-limit", "lots"], "--service-memory-limit: \"lots\"" },
        { ["--scalers", "10", "--service-memory-limit", "12Mi"], "--service-memory-limit: \"12Mi\": must be a quantity of at least 64Mi" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task A_bad_value_exits_2_naming_the_flag(string[] args, string expected)
    {
        var stderr = new StringWriter();
        var code = await Program.RunAsync(args, Consoles.Quiet(), stderr);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr.ToString());
    }

    [Fact]
    public void Defaults_are_the_issues_and_fractional_minutes_are_allowed()
    {
        var (o, error) = Program.Parse(["--scalers", "100"]);
        Assert.Null(error);
        Assert.Equal((100, 20, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(15)), (o!.Scalers, o.PodsPerScaler, o.Duration, o.SyncPeriod));
        Assert.Equal(Path.Combine("artifacts", "bench-controller"), o.OutDir);
        var (half, _) = Program.Parse(["--scalers", "3", "--minutes", "0.5", "--sync-period", "2s", "--pods-per-scaler", "4", "--out", "x"]);
        Assert.Equal((3, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), "x"), (half!.Scalers, half.PodsPerScaler, half.Duration, half.SyncPeriod, half.OutDir));
    }

    [Theory]
    [InlineData(new string[0], 512L * 1024 * 1024)]                                // deploy/manager's container limit
    [InlineData(new[] { "--service-memory-limit", "1Gi" }, 1024L * 1024 * 1024)]
    [InlineData(new[] { "--service-memory-limit", "none" }, null)]
    public void The_service_memory_limit_is_its_containers_unless_given(string[] flags, long? bytes)
    {
        var (o, error) = Program.Parse(["--scalers", "10", .. flags]);
        Assert.Null(error);
        Assert.Equal(bytes, o!.ServiceMemoryLimitBytes);
    }

    [Theory]
    [InlineData(100, 2.0, 15, 48, 3, 10)]   // 40% steady, then changes 20 s apart with a whole spacing after the last
    [InlineData(5000, 2.0, 15, 48, 3, 500)]
    [InlineData(3, 0.5, 2, 12, 2, 1)]       // at least one scaler per change
    [InlineData(10, 0.25, 15, 30, 1, 1)]    // the steady window is at least two sync periods; at least one change
    public void The_schedule_splits_the_run_into_a_steady_window_and_changes(int scalers, double minutes, int syncSeconds, int steadySeconds, int changes, int perChange)
    {
        var o = new BenchOptions { Scalers = scalers, Duration = TimeSpan.FromMinutes(minutes), SyncPeriod = TimeSpan.FromSeconds(syncSeconds) };
        Assert.Equal((TimeSpan.FromSeconds(steadySeconds), changes, perChange), (o.SteadyWindow, o.Changes, o.ScalersPerChange));
    }
}

public sealed class ScheduleTests
{
    [Theory]
    [InlineData(100, 0, new[] { 0, 10, 20, 30, 40, 50, 60, 70, 80, 90 })]
    [InlineData(100, 1, new[] { 1, 11, 21, 31, 41, 51, 61, 71, 81, 91 })]
    [InlineData(3, 0, new[] { 0 })]
    [InlineData(3, 1, new[] { 1 })]
    [InlineData(3, 3, new[] { 1 })]   // past a whole round: the next offset
    public void Each_change_takes_every_tenth_scaler_across_the_creation_order(int scalers, int change, int[] expected)
    {
        var o = new BenchOptions { Scalers = scalers };
        Assert.Equal(expected, BenchRun.Picked(change, o));
    }
}
