namespace ElasticScaler.Bench.Policy;

/// <summary>
/// One (trace, policy) pair's figures, the objects of results.json (camelCase, these fields exactly).
/// <see cref="WithinSlo"/> is the share of requests answered 200 within the SLO; <see cref="Errors"/> the requests
/// answered 502/503/504; <see cref="P99Ms"/> the 99th percentile latency of the 200s; <see cref="ScaleEvents"/>
/// the syncs that wrote a replica count (the total, or either part of a twinned workload); <see cref="PeakEci"/> the
/// most Ready ECI pods at a sync; <see cref="SecondsToCapacity"/> the mean over the trace's load steps
/// (<see cref="LoadSteps"/>), null for a trace without one.
/// </summary>
public sealed record BenchResult(
    string Trace,
    string Policy,
    long Requests,
    double WithinSlo,
    long Errors,
    double P99Ms,
    double CostUsd,
    double StaticPeakCostUsd,
    int ScaleEvents,
    int PeakEci,
    double EciPodSeconds,
    double? SecondsToCapacity);
