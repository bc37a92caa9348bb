using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Bench.Policy;

/// <summary>A sudden rise of the load: from <paramref name="At"/> on the trace asks for <paramref name="Rps"/>.</summary>
public readonly record struct LoadStep(TimeSpan At, double Rps);

/// <summary>
/// Load steps and the time a policy takes to catch up with them.
/// <para>A load step is a pair of consecutive trace points whose rate rises by at least <see cref="MinRise"/> of the
/// earlier one and by at least <see cref="MinRiseRps"/> (about 7 pods at the 60% target): in a steps trace at the
/// later point (the level jumps there), in an interpolated trace at the earlier one (the rise begins there) when the
/// rise takes at most <see cref="MaxRiseTime"/>; the step asks for the later point's rate. A slow climb (the diurnal
/// curve, whose minute-to-minute noise stays under both bounds) has none.</para>
/// <para>Time to capacity: from the step to the first 1-second tick at which the Ready pods reach the step's
/// need: the pods at which the step's rate runs at the target utilization within HPA's tolerance (10%), where a
/// target-tracking scaler stops adding pods, ceil(rps x cpu per request / (pod cpu x target x 1.1)), capped at the
/// policy's maxReplicas (what it can ever reach; static-peak's fixed count). A step whose need is not met before the
/// next step (or the end of the trace) counts the time until then.</para>
/// </summary>
public static class LoadSteps
{
    public const double MinRise = 0.10;
    public const double MinRiseRps = 100;
    public static readonly TimeSpan MaxRiseTime = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<LoadStep> Find(Trace trace)
    {
        var steps = new List<LoadStep>();
        var p = trace.Points;
        for (int i = 1; i < p.Count; i++)
        {
            var (a, b) = (p[i - 1], p[i]);
            double rise = b.Rps - a.Rps;
            if (rise < MinRiseRps || rise < MinRise * a.Rps || (!trace.Steps && b.At - a.At > MaxRiseTime)) continue;
            steps.Add(new LoadStep(trace.Steps ? b.At : a.At, b.Rps));
        }
        return steps;
    }

    /// <summary>HPA's default tolerance: within it of the target a scaler is done.</summary>
    public const double Tolerance = 0.1;

    /// <summary>Ready pods a step's rate needs at the target utilization (within the tolerance), at most <paramref name="maxReplicas"/>.</summary>
    public static int Needed(double rps, TimeSpan cpuPerRequest, double podCpu, double targetUtilization, int maxReplicas) =>
        (int)Math.Min(maxReplicas, Math.Ceiling(rps * cpuPerRequest.TotalSeconds / (podCpu * targetUtilization * (1 + Tolerance)) - 1e-9));

    /// <summary>
    /// The mean seconds to capacity over <paramref name="steps"/>, given the Ready pods at each whole second
    /// (<paramref name="readyAt"/>[s]) and each step's need; null when the trace has no step.
    /// </summary>
    public static double? MeanSecondsToCapacity(IReadOnlyList<LoadStep> steps, IReadOnlyList<int> readyAt, Func<LoadStep, int> needed)
    {
        if (steps.Count == 0) return null;
        double sum = 0;
        for (int i = 0; i < steps.Count; i++)
        {
            int from = (int)Math.Ceiling(steps[i].At.TotalSeconds);
            int until = i + 1 < steps.Count ? (int)Math.Ceiling(steps[i + 1].At.TotalSeconds) : readyAt.Count;
            int need = needed(steps[i]);
            int t = from;
            while (t < until && t < readyAt.Count && readyAt[t] < need) t++;
            sum += Math.Min(t, until) - from;
        }
        return sum / steps.Count;
    }
}
