using ElasticScaler.Demo.Watch;

namespace ElasticScaler.Demo.Summary;

/// <summary>How long one ramp step took to get the Ready pods the scaler asked for during it (null: never reached).</summary>
public sealed record StepCapacity(int Step, int Users, int Desired, double? Seconds);

/// <summary>What the scale-in released and whether ECI went first.</summary>
public sealed record ScaleIn(int EciReleased, int EcsReleased, bool EciFirst);

/// <summary>The cost over the load and scale-in, and what the same load costs on ECS nodes held at the peak all along.</summary>
public sealed record CostComparison(double EcsUsd, double EciUsd, double StaticPeakEcsUsd, int StaticPeakNodes);

/// <summary>The demo's closing figures, computed from its record alone.</summary>
public sealed record DemoSummary(
    int PeakReplicas, int PeakEcs, int PeakEci, IReadOnlyList<StepCapacity> Steps, double SuccessRate, double P95Ms, double P99Ms,
    long TimeoutsWhileLagging, long Timeouts, double LaggingSeconds, CostComparison Cost, ScaleIn ScaleIn)
{
    /// <summary>
    /// The summary of <paramref name="seconds"/> (in order) with the deletions seen: <paramref name="ecsCapacity"/> is how
    /// many pods the ECS nodes hold (the seed's 22), which gives pods per node for the static-peak comparison; success
    /// and percentiles are the load harness's own over the whole ramp.
    /// </summary>
    public static DemoSummary Compute(IReadOnlyList<DemoSecond> seconds, IReadOnlyList<PodDeletion> deletions, double scaleInStart,
        int ecsCapacity, double successRate, double p95Ms, double p99Ms)
    {
        var peak = seconds.Count == 0 ? null : seconds.MaxBy(s => s.Ready);
        var load = seconds.Where(s => s.Step is not null).ToList();
        return new DemoSummary(
            peak?.Ready ?? 0, peak?.EcsReady ?? 0, peak?.EciReady ?? 0,
            StepsToCapacity(seconds),
            successRate, p95Ms, p99Ms,
            load.Where(s => s.Lagging).Sum(s => s.Timeouts),
            load.Sum(s => s.Timeouts),
            load.Count(s => s.Lagging),
            Costs(seconds, ecsCapacity),
            ScaleInOrder(deletions, scaleInStart));
    }

    /// <summary>
    /// For each step: the most pods the scaler asked for while the step's load applied, and the seconds from the step's
    /// first second until that many were Ready (0 when they already were; null when never, to the end of the record).
    /// </summary>
    public static IReadOnlyList<StepCapacity> StepsToCapacity(IReadOnlyList<DemoSecond> seconds)
    {
        var result = new List<StepCapacity>();
        foreach (var step in seconds.Where(s => s.Step is not null).GroupBy(s => s.Step!.Value).OrderBy(g => g.Key))
        {
            var start = step.First();
            var desired = step.Max(s => s.Desired ?? 0);
            var reached = seconds.FirstOrDefault(s => s.T >= start.T && s.Ready >= desired);
            result.Add(new StepCapacity(step.Key, step.Max(s => s.Users), desired, reached is null ? null : Math.Round(reached.T - start.T, 1)));
        }
        return result;
    }

    /// <summary>
    /// The cost between the first and last second of the load and scale-in, and the static-peak alternative: ECS nodes
    /// enough for the peak (pods per node as the ECS nodes showed it), billed for the same time at the ECS node price
    /// the record shows (ECS cost per node-second).
    /// </summary>
    public static CostComparison Costs(IReadOnlyList<DemoSecond> seconds, int ecsCapacity)
    {
        var window = seconds.Where(s => s.T >= 0).ToList();
        if (window.Count < 2)
            return new CostComparison(0, 0, 0, 0);
        var (first, last) = (window[0], window[^1]);
        var ecs = last.EcsUsd - first.EcsUsd;
        var eci = last.EciUsd - first.EciUsd;
        var nodes = Math.Max(1, first.EcsNodes);
        var podsPerNode = Math.Max(1, ecsCapacity / nodes);
        var peakNodes = (int)Math.Ceiling((double)window.Max(s => s.Ready) / podsPerNode);
        return new CostComparison(ecs, eci, ecs / nodes * Math.Max(peakNodes, nodes), Math.Max(peakNodes, nodes));
    }

    /// <summary>The deletions from <paramref name="from"/> on: how many of each pool, and whether no ECS pod went before the last ECI pod.</summary>
    public static ScaleIn ScaleInOrder(IReadOnlyList<PodDeletion> deletions, double from)
    {
        var released = deletions.Where(d => d.T >= from && d.Pool != Pool.None).ToList();
        var eci = released.Where(d => d.Pool == Pool.Eci).ToList();
        var ecs = released.Where(d => d.Pool == Pool.Ecs).ToList();
        var lastEci = released.FindLastIndex(d => d.Pool == Pool.Eci);
        var firstEcs = released.FindIndex(d => d.Pool == Pool.Ecs);
        return new ScaleIn(eci.Count, ecs.Count, firstEcs < 0 || lastEci < firstEcs);
    }
}
