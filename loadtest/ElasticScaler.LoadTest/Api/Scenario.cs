namespace ElasticScaler.LoadTest;

/// <summary>
/// A named user journey and the load to drive it with. Immutable: each <c>With…</c> returns a changed copy.
/// Build with <see cref="Scenario.Create"/>.
/// </summary>
public sealed record ScenarioProps
{
    internal ScenarioProps(string name, Func<IScenarioContext, ValueTask<Response>> run)
    {
        ScenarioName = name;
        Run = run;
    }

    /// <summary>The scenario's name, snake_case by convention, shown in reports as written.</summary>
    public string ScenarioName { get; }

    internal Func<IScenarioContext, ValueTask<Response>> Run { get; }

    /// <summary>The stages of load, in order.</summary>
    public IReadOnlyList<LoadSimulation> LoadSimulations { get; init; } = [Simulation.KeepConstant(1, TimeSpan.FromSeconds(10))];

    /// <summary>Load run before measuring and thrown away (JIT, connection set-up). Default: none.</summary>
    public TimeSpan WarmUpDuration { get; init; }

    /// <summary>Runs once before the warm-up (prepare data, open clients).</summary>
    public Func<IScenarioInitContext, Task>? Init { get; init; }

    /// <summary>Runs once after the run (release what <see cref="Init"/> made).</summary>
    public Func<IScenarioInitContext, Task>? Clean { get; init; }

    /// <summary>Pass/fail criteria on this scenario's statistics.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>
    /// Open model only: the most invocations in flight at once; a start due while the cap is reached is dropped and
    /// counted (k6's dropped_iterations) instead of growing the pool without bound. Default: 1000.
    /// </summary>
    public int MaxInFlight { get; init; } = 1000;

    /// <summary>
    /// Closed model only: how long each virtual user waits after an answer before its next request, as a person reads
    /// a page (JMeter's timers, k6's <c>sleep</c>, PTS's think time). With it, N users send about
    /// N / (think time + latency) requests a second instead of as many as the server can answer. Default: none.
    /// </summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>Sets the stages of load.</summary>
    public ScenarioProps WithLoadSimulations(params LoadSimulation[] simulations) => this with { LoadSimulations = simulations };

    /// <summary>Sets the warm-up duration.</summary>
    public ScenarioProps WithWarmUpDuration(TimeSpan duration) => this with { WarmUpDuration = duration };

    /// <summary>No warm-up (the default).</summary>
    public ScenarioProps WithoutWarmUp() => this with { WarmUpDuration = TimeSpan.Zero };

    /// <summary>Sets the init step.</summary>
    public ScenarioProps WithInit(Func<IScenarioInitContext, Task> init) => this with { Init = init };

    /// <summary>Sets the clean step.</summary>
    public ScenarioProps WithClean(Func<IScenarioInitContext, Task> clean) => this with { Clean = clean };

    /// <summary>Sets the thresholds.</summary>
    public ScenarioProps WithThresholds(params Threshold[] thresholds) => this with { Thresholds = thresholds };

    /// <summary>Sets the closed model's think time (the wait after each answer); the open model ignores it.</summary>
    public ScenarioProps WithThinkTime(TimeSpan thinkTime) => this with { ThinkTime = thinkTime };

    /// <summary>Sets the open model's in-flight cap.</summary>
    public ScenarioProps WithMaxInFlight(int maxInFlight) => this with { MaxInFlight = maxInFlight };
}

/// <summary>Creates scenarios, as NBomber's <c>Scenario.Create</c>.</summary>
public static class Scenario
{
    /// <summary>A scenario whose every invocation runs <paramref name="run"/>.</summary>
    /// <example><code>Scenario.Create("hello_world", async ctx => { await Task.Delay(10); return Response.Ok(); })</code></example>
    public static ScenarioProps Create(string name, Func<IScenarioContext, Task<Response>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return CreateFast(name, ctx => new ValueTask<Response>(run(ctx)));
    }

    /// <summary>A scenario with only init and clean steps.</summary>
    public static ScenarioProps Empty(string name) => CreateFast(name, _ => ValueTask.FromResult(Response.Ok())) with { LoadSimulations = [] };

    /// <summary>The allocation-free path used by the built-in HTTP scenario.</summary>
    internal static ScenarioProps CreateFast(string name, Func<IScenarioContext, ValueTask<Response>> run)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new LoadConfigException("scenario name: empty; fix: give a name such as \"checkout\"");
        }

        return new ScenarioProps(name, run);
    }
}
