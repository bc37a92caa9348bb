namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// Splits a load plan across N agents exactly: every stage's concurrency, rate and iteration count is divided so the
/// shares add up to the whole, and what does not divide evenly goes one unit each to the lowest indexes (a rate's
/// fractional part goes, whole, to the first agent that got no extra unit). Durations and intervals are not split:
/// all agents run the same stages side by side from a common instant.
/// </summary>
public static class LoadSplit
{
    /// <summary>Agent <paramref name="index"/>'s share of <paramref name="simulations"/> when <paramref name="of"/> agents run them.</summary>
    public static IReadOnlyList<LoadSimulation> Share(IReadOnlyList<LoadSimulation> simulations, int index, int of)
    {
        Check(index, of);
        return simulations.Select(LoadSimulation (s) => s switch
        {
            KeepConstant k => new KeepConstant(Share(k.Copies, index, of), k.Span),
            RampingConstant r => new RampingConstant(Share(r.Copies, index, of), r.Span),
            Inject j => new Inject(Share(j.Rate, index, of), j.Interval, j.Span),
            RampingInject r => new RampingInject(Share(r.Rate, index, of), r.Interval, r.Span),
            IterationsForConstant c => new IterationsForConstant(Math.Max(1, Share(c.Copies, index, of)), Share(c.Iterations, index, of)),
            IterationsForInject j => new IterationsForInject(Share(j.Rate, index, of), j.Interval, Share(j.Iterations, index, of)),
            Pause p => p,
            _ => throw new LoadConfigException($"load simulation {s.Describe()}: cannot be split across agents; fix: use KeepConstant, RampingConstant, Inject, RampingInject or Pause"),
        }).ToList();
    }

    /// <summary>Agent <paramref name="index"/>'s share of a whole number: ⌊total / of⌋, plus one for the first total mod of agents.</summary>
    public static int Share(int total, int index, int of) => (int)Share((long)total, index, of);

    /// <inheritdoc cref="Share(int, int, int)"/>
    public static long Share(long total, int index, int of)
    {
        Check(index, of);
        return (total / of) + (index < total % of ? 1 : 0);
    }

    /// <summary>
    /// Agent <paramref name="index"/>'s share of a rate: the whole part split as <see cref="Share(long, int, int)"/>, and
    /// the fractional part to agent ⌊rate⌋ mod of, the first without an extra unit, so no agent is two units apart.
    /// </summary>
    public static double Share(double total, int index, int of)
    {
        Check(index, of);
        var whole = (long)Math.Floor(total);
        var fraction = total - whole;
        return Share(whole, index, of) + (index == (int)(whole % of) ? fraction : 0);
    }

    private static void Check(int index, int of)
    {
        if (of < 1 || index < 0 || index >= of)
        {
            throw new LoadConfigException($"agent index {index} of {of}: must be 0 ≤ index < of and of ≥ 1; fix: pass --index I --of N with I in 0…N-1");
        }
    }
}
