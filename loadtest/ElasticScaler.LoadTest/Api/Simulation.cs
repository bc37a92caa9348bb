namespace ElasticScaler.LoadTest;

/// <summary>One stage of load. Build with <see cref="Simulation"/>; names and semantics are NBomber's.</summary>
public abstract record LoadSimulation
{
    /// <summary>How long the stage lasts; null for the iteration-count kinds, which last until the count is reached.</summary>
    public abstract TimeSpan? During { get; }

    /// <summary>The stage as written in reports, e.g. <c>KeepConstant(copies: 100, during: 00:01:00)</c>.</summary>
    public abstract string Describe();
}

/// <summary>Closed model: ramp the number of looping virtual users linearly from the previous stage's value to <paramref name="Copies"/>.</summary>
public sealed record RampingConstant(int Copies, TimeSpan Span) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Span;
    /// <inheritdoc />
    public override string Describe() => $"RampingConstant(copies: {Copies}, during: {Span})";
}

/// <summary>Closed model: hold <paramref name="Copies"/> virtual users, each looping as fast as the target answers.</summary>
public sealed record KeepConstant(int Copies, TimeSpan Span) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Span;
    /// <inheritdoc />
    public override string Describe() => $"KeepConstant(copies: {Copies}, during: {Span})";
}

/// <summary>Open model: every <paramref name="Interval"/> start <paramref name="Rate"/> invocations, the rate ramping linearly from the previous stage's.</summary>
public sealed record RampingInject(double Rate, TimeSpan Interval, TimeSpan Span) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Span;
    /// <inheritdoc />
    public override string Describe() => $"RampingInject(rate: {Rate}, interval: {Interval}, during: {Span})";
}

/// <summary>Open model: start <paramref name="Rate"/> invocations every <paramref name="Interval"/>, whatever the target's speed.</summary>
public sealed record Inject(double Rate, TimeSpan Interval, TimeSpan Span) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Span;
    /// <inheritdoc />
    public override string Describe() => $"Inject(rate: {Rate}, interval: {Interval}, during: {Span})";
}

/// <summary>No load for a while; mixes with either family.</summary>
public sealed record Pause(TimeSpan Span) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => Span;
    /// <inheritdoc />
    public override string Describe() => $"Pause(during: {Span})";
}

/// <summary>Closed model: <paramref name="Copies"/> virtual users until <paramref name="Iterations"/> invocations in total; cannot be mixed.</summary>
public sealed record IterationsForConstant(int Copies, long Iterations) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => null;
    /// <inheritdoc />
    public override string Describe() => $"IterationsForConstant(copies: {Copies}, iterations: {Iterations})";
}

/// <summary>Open model: inject <paramref name="Rate"/> per <paramref name="Interval"/> until <paramref name="Iterations"/> invocations; cannot be mixed.</summary>
public sealed record IterationsForInject(double Rate, TimeSpan Interval, long Iterations) : LoadSimulation
{
    /// <inheritdoc />
    public override TimeSpan? During => null;
    /// <inheritdoc />
    public override string Describe() => $"IterationsForInject(rate: {Rate}, interval: {Interval}, iterations: {Iterations})";
}

/// <summary>Factories for <see cref="LoadSimulation"/>, named as NBomber names them.</summary>
/// <example><code>.WithLoadSimulations(Simulation.RampingConstant(copies: 100, during: TimeSpan.FromMinutes(1)), Simulation.KeepConstant(100, TimeSpan.FromMinutes(5)))</code></example>
public static class Simulation
{
    /// <summary>Linearly ramp looping virtual users to <paramref name="copies"/> over <paramref name="during"/>.</summary>
    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => new RampingConstant(copies, during);
    /// <summary>Hold <paramref name="copies"/> looping virtual users for <paramref name="during"/>.</summary>
    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => new KeepConstant(copies, during);
    /// <summary>Ramp the arrival rate linearly to <paramref name="rate"/> per <paramref name="interval"/> over <paramref name="during"/>.</summary>
    public static LoadSimulation RampingInject(double rate, TimeSpan interval, TimeSpan during) => new RampingInject(rate, interval, during);
    /// <summary>Hold an arrival rate of <paramref name="rate"/> per <paramref name="interval"/> for <paramref name="during"/>.</summary>
    public static LoadSimulation Inject(double rate, TimeSpan interval, TimeSpan during) => new Inject(rate, interval, during);
    /// <summary>No load for <paramref name="during"/>.</summary>
    public static LoadSimulation Pause(TimeSpan during) => new Pause(during);
    /// <summary><paramref name="copies"/> looping virtual users until <paramref name="iterations"/> invocations in total.</summary>
    public static LoadSimulation IterationsForConstant(int copies, long iterations) => new IterationsForConstant(copies, iterations);
    /// <summary>Inject <paramref name="rate"/> per <paramref name="interval"/> until <paramref name="iterations"/> invocations in total.</summary>
    public static LoadSimulation IterationsForInject(double rate, TimeSpan interval, long iterations) => new IterationsForInject(rate, interval, iterations);
}
