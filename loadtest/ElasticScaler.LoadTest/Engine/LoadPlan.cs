namespace ElasticScaler.LoadTest.Engine;

/// <summary>Closed model = a number of looping virtual users; open model = an arrival rate, independent of the target's speed.</summary>
internal enum LoadModel
{
    Closed,
    Open,
}

/// <summary>One stage on the plan's time line. <c>From</c>/<c>To</c> are copies (closed) or starts per second (open).</summary>
internal sealed record PlanStage(int Index, string Name, TimeSpan Start, TimeSpan Duration, double From, double To)
{
    public TimeSpan End => Start + Duration;
}

/// <summary>Where the plan is at one instant: the stage and the concurrency or rate it asks for.</summary>
internal readonly record struct PlanPoint(int StageIndex, string StageName, double Target, bool Finished);

/// <summary>
/// The simulations of a scenario laid out on a time line. Pure: the runners ask it "what now?" with the elapsed time,
/// so its arithmetic is tested without running any load.
/// </summary>
internal sealed record LoadPlan(LoadModel Model, IReadOnlyList<PlanStage> Stages, long? Iterations)
{
    /// <summary>Total planned duration; for the iteration-count kinds the one stage has an infinite duration.</summary>
    public TimeSpan Duration => Stages.Count == 0 ? TimeSpan.Zero : Stages[^1].End;

    /// <summary>The highest concurrency or per-second rate any stage asks for (sizes pools and in-flight caps).</summary>
    public double Peak => Stages.Count == 0 ? 0 : Stages.Max(s => Math.Max(s.From, s.To));

    public static LoadPlan Build(IReadOnlyList<LoadSimulation> simulations)
    {
        if (simulations.Count == 0)
        {
            throw new LoadConfigException("load simulations: none given; fix: add at least one, e.g. Simulation.KeepConstant(copies: 10, during: 30 s)");
        }

        var model = ModelOf(simulations);
        var iterationKinds = simulations.Where(s => s is IterationsForConstant or IterationsForInject).ToList();
        if (iterationKinds.Count > 0 && simulations.Count > 1)
        {
            throw new LoadConfigException($"load simulations: {iterationKinds[0].Describe()} cannot be mixed with other simulations; fix: give it alone");
        }

        var stages = new List<PlanStage>();
        var at = TimeSpan.Zero;
        double previous = 0;
        for (var i = 0; i < simulations.Count; i++)
        {
            var sim = simulations[i];
            Validate(sim, i);
            var (from, to, during) = sim switch
            {
                RampingConstant r => (previous, (double)r.Copies, r.Span),
                KeepConstant k => (k.Copies, (double)k.Copies, k.Span),
                RampingInject r => (previous, PerSecond(r.Rate, r.Interval), r.Span),
                Inject j => (PerSecond(j.Rate, j.Interval), PerSecond(j.Rate, j.Interval), j.Span),
                Pause p => (0d, 0d, p.Span),
                IterationsForConstant c => (c.Copies, (double)c.Copies, TimeSpan.MaxValue - at),
                IterationsForInject j => (PerSecond(j.Rate, j.Interval), PerSecond(j.Rate, j.Interval), TimeSpan.MaxValue - at),
                _ => throw new LoadConfigException($"simulations[{i}]: unknown simulation {sim.GetType().Name}"),
            };
            stages.Add(new PlanStage(i, sim.Describe(), at, during, from, to));
            at = during == TimeSpan.MaxValue - at ? TimeSpan.MaxValue : at + during;
            previous = to;
        }

        long? iterations = simulations[0] switch
        {
            IterationsForConstant c => c.Iterations,
            IterationsForInject j => j.Iterations,
            _ => null,
        };
        return new LoadPlan(model, stages, iterations);
    }

    /// <summary>The target at <paramref name="elapsed"/>: ramps interpolate linearly, keeps and injects hold their value.</summary>
    public PlanPoint At(TimeSpan elapsed)
    {
        foreach (var stage in Stages)
        {
            if (elapsed < stage.End)
            {
                var fraction = stage.Duration <= TimeSpan.Zero ? 1 : Math.Clamp((elapsed - stage.Start) / stage.Duration, 0, 1);
                var value = stage.From + ((stage.To - stage.From) * fraction);
                return new PlanPoint(stage.Index, stage.Name, Model == LoadModel.Closed ? Math.Round(value) : value, false);
            }
        }

        return Stages.Count == 0
            ? new PlanPoint(-1, "done", 0, true)
            : new PlanPoint(Stages[^1].Index, "done", 0, true);
    }

    private static double PerSecond(double rate, TimeSpan interval) => rate / interval.TotalSeconds;

    private static LoadModel ModelOf(IReadOnlyList<LoadSimulation> simulations)
    {
        var closed = simulations.FirstOrDefault(s => s is RampingConstant or KeepConstant or IterationsForConstant);
        var open = simulations.FirstOrDefault(s => s is RampingInject or Inject or IterationsForInject);
        if (closed is not null && open is not null)
        {
            throw new LoadConfigException(
                $"load simulations: {open.Describe()} cannot be mixed with {closed.Describe()}: the closed model (KeepConstant, RampingConstant) " +
                "and the open model (Inject, RampingInject) do not mix; fix: use one family per scenario (Pause mixes with both)");
        }

        return open is not null ? LoadModel.Open : LoadModel.Closed;
    }

    private static void Validate(LoadSimulation sim, int i)
    {
        void Fail(string what) => throw new LoadConfigException($"simulations[{i}] {sim.Describe()}: {what}");
        if (sim.During is { } d && d <= TimeSpan.Zero)
        {
            Fail("during must be positive; fix: give a duration such as 30s");
        }

        switch (sim)
        {
            case RampingConstant { Copies: < 0 } or KeepConstant { Copies: < 0 } or IterationsForConstant { Copies: <= 0 }:
                Fail("copies must not be negative (and above 0 for an iteration count); fix: give the number of virtual users, e.g. 10");
                break;
            case RampingInject { Rate: < 0 } or Inject { Rate: < 0 } or IterationsForInject { Rate: <= 0 }:
                Fail("rate must not be negative (and above 0 for an iteration count); fix: give starts per interval, e.g. 100");
                break;
            case RampingInject r when r.Interval <= TimeSpan.Zero:
            case Inject j when j.Interval <= TimeSpan.Zero:
            case IterationsForInject k when k.Interval <= TimeSpan.Zero:
                Fail("interval must be positive; fix: use 1s");
                break;
            case IterationsForConstant { Iterations: <= 0 } or IterationsForInject { Iterations: <= 0 }:
                Fail("iterations must be above 0");
                break;
        }
    }
}
