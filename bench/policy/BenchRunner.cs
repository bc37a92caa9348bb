using ElasticScaler.Sim.FastMode;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Bench.Policy;

/// <summary>One pair's figures and the run they came from (its per-sync series draws the charts).</summary>
public sealed record PairRun(BenchResult Result, FastReport Report);

/// <summary>What to run: trace and policy names (catalog order), the SLO, and where the files are.</summary>
public sealed record BenchPlan
{
    public required IReadOnlyList<string> Traces { get; init; }
    public required IReadOnlyList<string> Policies { get; init; }
    public TimeSpan Slo { get; init; } = TimeSpan.FromMilliseconds(500);
    public string? TracesDirectory { get; init; }
    public string? PoliciesDirectory { get; init; }
    /// <summary>Pairs run at once; each is independent and deterministic, so the figures do not depend on it.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>
/// Runs every (trace, policy) pair in fast mode (<see cref="FastRunner"/>) on the seed preset, each policy on the
/// cluster its file describes, with the load model's late threshold at the SLO so "served" means "within the SLO".
/// static-peak runs on every trace even when not asked for: its cost is every row's yardstick.
/// </summary>
public static class BenchRunner
{
    public static IReadOnlyList<PairRun> Run(BenchPlan plan)
    {
        var traces = plan.Traces.ToDictionary(t => t, t => TraceReader.ReadFile(Catalog.TraceFile(t, plan.TracesDirectory)));
        var policies = plan.Policies.Contains(Catalog.StaticPeak) ? plan.Policies : [.. plan.Policies, Catalog.StaticPeak];
        var pairs = (from t in plan.Traces from p in policies select (Trace: t, Policy: p)).ToList();
        var loaded = pairs.ToDictionary(x => x, x => PolicyUnderTest.Load(x.Policy, Catalog.PolicyFile(x.Policy, x.Trace, plan.PoliciesDirectory)));

        var runs = new (FastReport Report, double? SecondsToCapacity)[pairs.Count];
        Parallel.For(0, pairs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, plan.Parallelism) },
            i => runs[i] = RunPair(traces[pairs[i].Trace], loaded[pairs[i]], plan.Slo));

        var results = new List<PairRun>();
        foreach (var trace in plan.Traces)
        {
            double staticCost = runs[pairs.IndexOf((trace, Catalog.StaticPeak))].Report.Totals.TotalCost;
            foreach (var policy in plan.Policies)
            {
                var (report, toCapacity) = runs[pairs.IndexOf((trace, policy))];
                results.Add(new PairRun(Figures(trace, policy, report, staticCost, toCapacity), report));
            }
        }
        return results;
    }

    private static (FastReport, double?) RunPair(Trace trace, PolicyUnderTest policy, TimeSpan slo)
    {
        var options = policy.Options(new FastModeOptions { Load = new LoadModelOptions { LateAfter = slo } });
        var ready = new int[(int)Math.Ceiling(trace.Duration.TotalSeconds) + 1];
        var report = FastRunner.Run(trace, policy.Scaler, options, (offset, pods) => ready[(int)offset.TotalSeconds] = pods);
        var steps = LoadSteps.Find(trace);
        double target = policy.TargetUtilization;
        var toCapacity = LoadSteps.MeanSecondsToCapacity(steps, ready,
            s => LoadSteps.Needed(s.Rps, options.Load.CpuPerRequest, options.PodCpu, target, policy.MaxReplicas));
        return (report, toCapacity);
    }

    public static BenchResult Figures(string trace, string policy, FastReport report, double staticPeakCost, double? secondsToCapacity)
    {
        var t = report.Totals;
        return new BenchResult(
            trace,
            policy,
            t.Requests,
            t.Requests == 0 ? 1 : Math.Floor((double)t.Served / t.Requests * 1e6) / 1e6,   // down, so a goal never passes on rounding
            t.TimedOut + t.Rejected + t.Failed,
            t.P99LatencyMs,
            Math.Round(t.TotalCost, 4),
            Math.Round(staticPeakCost, 4),
            t.ScaleWrites,
            t.PeakEci,
            Math.Round(t.EciPodSeconds, 0),
            secondsToCapacity is { } s ? Math.Round(s, 1) : null);
    }
}
