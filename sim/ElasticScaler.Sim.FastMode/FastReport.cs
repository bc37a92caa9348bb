using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ElasticScaler.Sim.FastMode;

/// <summary>One sync period of a fast-mode run: the traffic, the decision, the pods by pool and state, and the requests' fate.</summary>
public sealed record SyncRow(
    double Seconds,
    double Rps,
    int Desired,
    int EcsReady,
    int EciReady,
    int Starting,
    int Pending,
    int Terminating,
    long Served,
    long Late,
    long Failed,
    double CpuUtilization,
    double CostSoFar);

/// <summary>Totals of a run: requests, replicas, cost, and how long it took to compute.</summary>
public sealed record FastTotals
{
    public long Requests { get; init; }
    public long Served { get; init; }
    public long Late { get; init; }
    public long TimedOut { get; init; }
    public long Rejected { get; init; }
    public long Failed { get; init; }
    public double SuccessRate => Requests == 0 ? 1 : (double)(Served + Late) / Requests;
    public double MeanLatencyMs { get; init; }
    /// <summary>The 99th percentile of the answered (200) requests' latency, to 1 ms.</summary>
    public double P99LatencyMs { get; init; }
    public int PeakReplicas { get; init; }
    public int PeakEci { get; init; }
    public int Decisions { get; init; }
    public int Rescales { get; init; }
    /// <summary>Syncs that wrote a replica count (the total, or either part of a twinned workload).</summary>
    public int ScaleWrites { get; init; }
    public double EcsNodeHours { get; init; }
    public double EciPodSeconds { get; init; }
    public double EcsCost { get; init; }
    public double EciCost { get; init; }
    public double TotalCost => EcsCost + EciCost;
}

/// <summary>What a fast-mode run reports: the time series per sync period and the totals; as JSON, CSV or a short text.</summary>
public sealed record FastReport(string Scaler, double TraceSeconds, IReadOnlyList<SyncRow> Series, FastTotals Totals)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToCsv()
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("seconds,rps,desired,ecsReady,eciReady,starting,pending,terminating,served,late,failed,cpuUtilization,costSoFar\n");
        foreach (var r in Series)
            sb.Append(inv, $"{r.Seconds},{r.Rps:0.##},{r.Desired},{r.EcsReady},{r.EciReady},{r.Starting},{r.Pending},{r.Terminating},{r.Served},{r.Late},{r.Failed},{r.CpuUtilization:0.###},{r.CostSoFar:0.####}\n");
        return sb.ToString();
    }

    public string Summary()
    {
        var t = Totals;
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"""
            scaler: {Scaler}; trace {TraceSeconds / 60:0.#} min, {Series.Count} syncs, {t.Decisions} decisions, {t.Rescales} rescales, {t.ScaleWrites} syncs writing counts
            requests: {t.Requests} = served {t.Served} + late {t.Late} + timed out {t.TimedOut} + 503 {t.Rejected} + failed {t.Failed}; success {t.SuccessRate:P2}; mean latency {t.MeanLatencyMs:0.#} ms, p99 {t.P99LatencyMs:0} ms
            replicas: peak {t.PeakReplicas} ready (ECI at most {t.PeakEci}); final {(Series.Count > 0 ? Series[^1].EcsReady : 0)} ECS + {(Series.Count > 0 ? Series[^1].EciReady : 0)} ECI
            cost: {t.TotalCost:0.###} = ECS {t.EcsNodeHours:0.##} node-hours {t.EcsCost:0.###} + ECI {t.EciPodSeconds:0} pod-seconds {t.EciCost:0.###}
            """);
    }

    /// <summary>Writes report.json, series.csv and summary.txt into <paramref name="directory"/>.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "report.json"), ToJson());
        File.WriteAllText(Path.Combine(directory, "series.csv"), ToCsv());
        File.WriteAllText(Path.Combine(directory, "summary.txt"), Summary() + "\n");
    }
}
