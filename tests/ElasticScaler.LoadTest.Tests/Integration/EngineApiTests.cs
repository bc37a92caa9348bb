namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>The NBomber-shaped C# API: scenarios from a step function, init and clean, warm-up, iteration counts, aborts.</summary>
public sealed class EngineApiTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Init_runs_before_and_clean_after_the_load_and_steps_are_measured_apart()
    {
        var log = new List<string>();
        var scenario = Scenario.Create("journey", async ctx =>
            {
                await Step.Run("login", ctx, () => Task.FromResult(Response.Ok(statusCode: "200")));
                var pay = await Step.Run("pay", ctx, () => Task.FromResult(ctx.InvocationNumber % 2 == 0 ? Response.Fail(statusCode: "declined") : Response.Ok()));
                return pay;
            })
            .WithInit(_ =>
            {
                log.Add("init");
                return Task.CompletedTask;
            })
            .WithClean(_ =>
            {
                log.Add("clean");
                return Task.CompletedTask;
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 1, iterations: 10));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit);
        var stats = result.Get("journey");

        Assert.Equal(["init", "clean"], log);
        Assert.Equal(10, stats.AllRequestCount);
        Assert.Equal(5, stats.Fail.Count);
        Assert.Equal(10, stats.Get("login").Ok.Count);
        Assert.Equal(5, stats.Get("pay").Fail.Count);
        Assert.Null(stats.Find("checkout"));
        Assert.Throws<KeyNotFoundException>(() => stats.Get("checkout"));
        Assert.Throws<KeyNotFoundException>(() => result.Get("other"));
    }

    [Fact]
    public async Task Warm_up_invocations_are_not_counted()
    {
        long invocations = 0;
        var scenario = Scenario.Create("warm", async _ =>
            {
                Interlocked.Increment(ref invocations);
                await Task.Delay(5);
                return Response.Ok();
            })
            .WithWarmUpDuration(TimeSpan.FromMilliseconds(500))
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 2, iterations: 20));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit)).Get("warm");

        Assert.Equal(20, stats.AllRequestCount);
        Assert.True(Interlocked.Read(ref invocations) > 20, "the warm-up ran the scenario too");
    }

    [Fact]
    public async Task The_open_model_injects_an_exact_iteration_count()
    {
        var scenario = Scenario.Create("inject", _ => Task.FromResult(Response.Ok()))
            .WithLoadSimulations(Simulation.IterationsForInject(rate: 200, interval: TimeSpan.FromSeconds(1), iterations: 50));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit)).Get("inject");

        Assert.Equal(50, stats.AllRequestCount);
    }

    [Fact]
    public async Task An_abort_on_fail_threshold_stops_the_run_after_its_grace_period()
    {
        var scenario = Scenario.Create("failing", async _ =>
            {
                await Task.Delay(10);
                return Response.Fail(statusCode: "503", errorKind: ErrorKind.Http5xx);
            })
            .WithLoadSimulations(Simulation.KeepConstant(2, TimeSpan.FromSeconds(60)))
            .WithThresholds(Threshold.Parse("error_rate < 1%", abortOnFail: true, startCheckAfter: TimeSpan.FromSeconds(1)));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit);

        Assert.Equal(ExitCodes.ThresholdFailed, result.ExitCode);
        Assert.StartsWith("threshold 'error_rate < 1%' failed at", result.AbortReason, StringComparison.Ordinal);
        Assert.True(result.Get("failing").Duration < TimeSpan.FromSeconds(30), "the run stopped long before its 60 s");
    }

    [Fact]
    public async Task StopCurrentTest_ends_the_run_with_exit_1_and_the_reason()
    {
        var scenario = Scenario.Create("stopper", ctx =>
            {
                if (ctx.InvocationNumber == 3)
                {
                    ctx.StopCurrentTest("found what we came for");
                }

                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(60)));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit);

        Assert.Equal(ExitCodes.ThresholdFailed, result.ExitCode);
        Assert.Equal("found what we came for", result.AbortReason);
    }

    [Fact]
    public async Task A_run_cancelled_by_its_caller_does_not_pass_the_gate()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var scenario = Scenario.Create("cancelled", async _ =>
            {
                await Task.Delay(5);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(60)));

        var result = await LoadRunner.RegisterScenarios(scenario).RunAsync(cancel.Token).WaitAsync(Limit);

        Assert.Equal(ExitCodes.ThresholdFailed, result.ExitCode);
        Assert.Equal("cancelled before the planned end", result.AbortReason);
        Assert.True(result.Get("cancelled").AllRequestCount > 0);
    }

    [Fact]
    public async Task Exceptions_in_a_scenario_count_as_failures_not_crashes()
    {
        var scenario = Scenario.Create("throws", _ => throw new InvalidOperationException("boom"))
            .WithLoadSimulations(Simulation.IterationsForConstant(1, 5));

        var stats = (await LoadRunner.RegisterScenarios(scenario).RunAsync().WaitAsync(Limit)).Get("throws");

        Assert.Equal(5, stats.Errors["exception"]);
    }

    [Theory]
    [InlineData("mixed models", "cannot be mixed with")]
    [InlineData("duplicate names", "registered twice")]
    [InlineData("failing init", "init failed: no data")]
    public async Task Configuration_problems_give_exit_2_not_an_exception(string problem, string message)
    {
        var ok = Scenario.Create("a", _ => Task.FromResult(Response.Ok()));
        ScenarioProps[] scenarios = problem switch
        {
            "mixed models" => [ok.WithLoadSimulations(Simulation.KeepConstant(1, TimeSpan.FromSeconds(1)), Simulation.Inject(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))],
            "duplicate names" => [ok, ok],
            _ => [ok.WithInit(_ => throw new InvalidDataException("no data"))],
        };

        var result = await LoadRunner.RegisterScenarios(scenarios).RunAsync().WaitAsync(Limit);

        Assert.Equal(ExitCodes.BadConfig, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
