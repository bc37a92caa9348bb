using ElasticScaler.LoadTest.Stats;
using HdrHistogram;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// Merges agents exactly: histograms are added (HdrHistogram's Add, never an average of percentiles), counters summed.
/// An agent that completed counts by its own totals (which equal the sum of its intervals); one that did not counts by
/// the intervals that arrived. Per-step statistics are not merged (steps are an in-process lens).
/// </summary>
internal static class AgentMerge
{
    /// <summary>The merged statistics of <paramref name="scenario"/>, its merged 1 s series, and one row per agent.</summary>
    public static (ScenarioStats Stats, IReadOnlyList<TimeSeriesPoint> Series, IReadOnlyList<AgentRow> Rows) Merge(string scenario, IReadOnlyList<AgentSnapshot> agents)
    {
        var latency = LatencyHistogram.New();
        var rows = new List<AgentRow>();
        long ok = 0, fail = 0, dropped = 0, bytes = 0;
        var peak = 0;
        double cpuMicros = 0, cpuPercent = 0, allocated = 0;
        var duration = TimeSpan.Zero;
        var status = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var own = LatencyHistogram.New();
            foreach (var interval in agent.Intervals)
            {
                own.Add(interval.Histogram);
            }

            latency.Add(own);
            var totals = agent.Stats ?? FromIntervals(scenario, agent.Intervals, own);
            ok += totals.Ok.Count;
            fail += totals.Fail.Count;
            dropped += totals.Dropped;
            bytes += totals.Bytes;
            peak += totals.PeakConcurrency;
            cpuPercent += totals.CpuPercent;
            var agentCpuMicros = totals.CpuMicrosPerRequest * totals.AllRequestCount;
            cpuMicros += agentCpuMicros;
            allocated += totals.AllocatedBytesPerRequest * totals.AllRequestCount;
            duration = duration > totals.Duration ? duration : totals.Duration;
            Sum(status, totals.StatusCodes);
            Sum(errors, totals.Errors);
            rows.Add(new AgentRow
            {
                Index = agent.Index,
                Address = agent.Host is { } host && !agent.Address.Contains(host, StringComparison.Ordinal) ? $"{agent.Address} ({host})" : agent.Address,
                Status = AgentStatusText.Of(agent.Status),
                Lagged = agent.Lagged,
                Requests = totals.AllRequestCount,
                Errors = totals.Fail.Count,
                Rps = Math.Round(totals.Rps, 1),
                P95 = totals.Latency.P95,
                CpuPercent = totals.CpuPercent,
                CpuMicrosPerRequest = totals.CpuMicrosPerRequest,
                Intervals = agent.Intervals.Count,
                StreamBytesPerSecond = totals.Duration > TimeSpan.Zero ? Math.Round(agent.WireBytes / totals.Duration.TotalSeconds, 1) : 0,
                Problem = agent.Problem,
            });
        }

        var all = ok + fail;
        var stats = Counted(scenario, duration, ok, fail, latency) with
        {
            StatusCodes = status,
            Errors = errors,
            Dropped = dropped,
            Bytes = bytes,
            CpuMicrosPerRequest = all == 0 ? 0 : Math.Round(cpuMicros / all, 2),
            CpuPercent = Math.Round(cpuPercent, 1),
            AllocatedBytesPerRequest = all == 0 ? 0 : Math.Round(allocated / all, 1),
            PeakConcurrency = peak,
            Steps = [],
        };
        return (stats, Series(agents), rows);
    }

    /// <summary>Second by second across agents: interval k of every agent is the same second, as they started together.</summary>
    private static List<TimeSeriesPoint> Series(IReadOnlyList<AgentSnapshot> agents) =>
        agents.SelectMany(a => a.Intervals).GroupBy(i => i.Seq).OrderBy(g => g.Key).Select(g =>
        {
            var histogram = LatencyHistogram.New();
            var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var i in g)
            {
                histogram.Add(i.Histogram);
                Sum(errors, i.Point.Errors);
            }

            var latency = LatencyHistogram.Summarize(histogram);
            var points = g.Select(i => i.Point).ToList();
            return new TimeSeriesPoint
            {
                Second = points.Max(p => p.Second),
                Stage = points[0].Stage,
                Target = Math.Round(points.Sum(p => p.Target), 2),
                Concurrency = points.Sum(p => p.Concurrency),
                Requests = points.Sum(p => p.Requests),
                Ok = points.Sum(p => p.Ok),
                Fail = points.Sum(p => p.Fail),
                Rps = Math.Round(points.Sum(p => p.Rps), 1),
                P50 = latency.P50,
                P95 = latency.P95,
                P99 = latency.P99,
                Max = latency.MaxMs,
                Errors = errors,
                Dropped = points.Sum(p => p.Dropped),
                CpuPercent = Math.Round(points.Sum(p => p.CpuPercent), 1),
            };
        }).ToList();

    /// <summary>An agent's totals from its intervals alone (it died before sending its own).</summary>
    private static ScenarioStats FromIntervals(string scenario, IReadOnlyList<AgentInterval> intervals, HistogramBase latency)
    {
        var ok = intervals.Sum(i => i.Point.Ok);
        var fail = intervals.Sum(i => i.Point.Fail);
        var duration = TimeSpan.FromSeconds(intervals.Count == 0 ? 0 : intervals.Max(i => i.Point.Second));
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var i in intervals)
        {
            Sum(errors, i.Point.Errors);
        }

        return Counted(scenario, duration, ok, fail, latency) with
        {
            Errors = errors,
            Dropped = intervals.Sum(i => i.Point.Dropped),
            CpuPercent = intervals.Count == 0 ? 0 : Math.Round(intervals.Average(i => i.Point.CpuPercent), 1),
            PeakConcurrency = intervals.Count == 0 ? 0 : intervals.Max(i => i.Point.Concurrency),
        };
    }

    /// <summary>Statistics with the counts, rates and latency set and everything else empty, for the callers to fill in.</summary>
    private static ScenarioStats Counted(string scenario, TimeSpan duration, long ok, long fail, HistogramBase latency)
    {
        var all = ok + fail;
        var seconds = Math.Max(duration.TotalSeconds, 1e-9);
        return new ScenarioStats
        {
            ScenarioName = scenario,
            Duration = duration,
            AllRequestCount = all,
            Ok = new RequestCounts(ok, ok / seconds, all == 0 ? 0 : 100.0 * ok / all),
            Fail = new RequestCounts(fail, fail / seconds, all == 0 ? 0 : 100.0 * fail / all),
            Latency = LatencyHistogram.Summarize(latency),
            StatusCodes = new Dictionary<string, long>(),
            Errors = new Dictionary<string, long>(),
            Dropped = 0,
            Bytes = 0,
            CpuMicrosPerRequest = 0,
            CpuPercent = 0,
            PeakConcurrency = 0,
            Steps = [],
        };
    }

    private static void Sum(SortedDictionary<string, long> into, IReadOnlyDictionary<string, long> add)
    {
        foreach (var (k, v) in add)
        {
            into[k] = into.GetValueOrDefault(k) + v;
        }
    }
}
