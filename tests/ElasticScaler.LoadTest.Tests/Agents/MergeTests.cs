using CsCheck;
using ElasticScaler.LoadTest.Agents;
using ElasticScaler.LoadTest.Stats;

namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class MergeTests
{
    private static TimeSeriesPoint Point(int second, long ok, long fail) => new()
    {
        Second = second, Stage = "KeepConstant", Target = 1, Concurrency = 1, Requests = ok + fail, Ok = ok, Fail = fail, Rps = ok + fail,
        P50 = 0, P95 = 0, P99 = 0, Max = 0, Errors = fail > 0 ? new Dictionary<string, long> { ["http_5xx"] = fail } : new Dictionary<string, long>(),
        Dropped = 0, CpuPercent = 10,
    };

    [Fact]
    public void Merged_percentiles_equal_those_of_one_histogram_fed_every_sample()
    {
        // Latencies in µs over five decades, each sample landing on a random agent and a random second, as on the wire.
        var sample = Gen.Select(Gen.Long[1, 5_000_000], Gen.Int[0, 2], Gen.Int[1, 4]).Array[1, 3000];
        sample.Sample(samples =>
        {
            var single = LatencyHistogram.New();
            foreach (var (micros, _, _) in samples)
            {
                single.RecordValue(micros);
            }

            var agents = Enumerable.Range(0, 3).Select(agent =>
            {
                var intervals = Enumerable.Range(1, 4).Select(second =>
                {
                    var h = LatencyHistogram.New();
                    var mine = samples.Where(s => s.Item2 == agent && s.Item3 == second).ToList();
                    foreach (var (micros, _, _) in mine)
                    {
                        h.RecordValue(micros);
                    }

                    // Through the protocol: log line in a JSON message, parsed back.
                    var line = AgentJson.Line(new AgentMessage
                    {
                        Type = AgentMessageTypes.Interval, Index = agent, Seq = second, Point = Point(second, mine.Count, 0),
                        Histogram = HistogramLogLine.Encode(h, second - 1, 1),
                    });
                    var back = AgentJson.Parse(line);
                    return new AgentInterval(back.Seq!.Value, back.Point!, HistogramLogLine.Decode(back.Histogram!));
                }).ToList();
                return new AgentSnapshot(agent, $"agent-{agent}", null, AgentStatus.Running, false, null, intervals, null);
            }).ToList();

            var (merged, _, rows) = AgentMerge.Merge("http", agents);

            return merged.Latency == LatencyHistogram.Summarize(single) && merged.AllRequestCount == samples.Length
                && rows.Sum(r => r.Requests) == samples.Length;
        }, iter: 60);
    }

    [Fact]
    public void Counters_are_summed_and_each_second_of_the_series_is_the_sum_of_the_agents()
    {
        IReadOnlyList<AgentInterval> Intervals(params (long Ok, long Fail)[] seconds) => seconds.Select((s, i) =>
        {
            var h = LatencyHistogram.New();
            for (var n = 0; n < s.Ok + s.Fail; n++)
            {
                h.RecordValue(1000 + n);
            }

            return new AgentInterval(i + 1, Point(i + 1, s.Ok, s.Fail), h);
        }).ToList();
        var agents = new[]
        {
            new AgentSnapshot(0, "a:1", null, AgentStatus.Running, false, null, Intervals((10, 1), (12, 0)), null),
            new AgentSnapshot(1, "b:1", null, AgentStatus.Died, false, "died after 1 interval(s)", Intervals((7, 3)), null),
        };

        var (merged, series, rows) = AgentMerge.Merge("http", agents);

        Assert.Equal(33, merged.AllRequestCount);
        Assert.Equal(29, merged.Ok.Count);
        Assert.Equal(4, merged.Fail.Count);
        Assert.Equal(4, merged.Errors["http_5xx"]);
        Assert.Equal([21L, 12L], series.Select(p => p.Requests));
        Assert.Equal(4, series[0].Errors["http_5xx"]);
        Assert.Equal(["running", "died"], rows.Select(r => r.Status));
        Assert.True(rows[1].IsProblem);
    }

    [Fact]
    public void A_line_that_is_not_an_HdrHistogram_log_line_is_refused() =>
        Assert.Throws<FormatException>(() => HistogramLogLine.Decode("1.000,1.000,0.5,not-base64"));
}
