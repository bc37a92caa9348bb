using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.FastMode;

/// <summary>Requests counted by outcome, with the summed latency of the answered ones.</summary>
internal readonly record struct Tally(long Served, long Late, long TimedOut, long Rejected, long Failed, double OkLatencyMs)
{
    public long Requests => Served + Late + TimedOut + Rejected + Failed;
    public long NotOk => TimedOut + Rejected + Failed;

    /// <summary>The run's totals of requests, replicas and decisions; the cost fields are the caller's.</summary>
    public FastTotals Totals(int peakReplicas, int peakEci, int decisions, int rescales) => new()
    {
        Requests = Requests,
        Served = Served,
        Late = Late,
        TimedOut = TimedOut,
        Rejected = Rejected,
        Failed = Failed,
        MeanLatencyMs = Served + Late == 0 ? 0 : OkLatencyMs / (Served + Late),
        PeakReplicas = peakReplicas,
        PeakEci = peakEci,
        Decisions = decisions,
        Rescales = rescales,
    };

    public Tally Add(Admission a) => a.Outcome switch
    {
        Outcome.Served => this with { Served = Served + 1, OkLatencyMs = OkLatencyMs + a.Latency.TotalMilliseconds },
        Outcome.Late => this with { Late = Late + 1, OkLatencyMs = OkLatencyMs + a.Latency.TotalMilliseconds },
        Outcome.TimedOut => this with { TimedOut = TimedOut + 1 },
        Outcome.Rejected => this with { Rejected = Rejected + 1 },
        _ => this with { Failed = Failed + 1 },
    };
}
