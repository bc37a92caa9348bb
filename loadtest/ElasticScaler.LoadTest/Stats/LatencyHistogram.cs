using HdrHistogram;

namespace ElasticScaler.LoadTest.Stats;

/// <summary>
/// Latency in microseconds in HdrHistogram (3 significant digits, up to 10 minutes). Values are clamped before
/// recording: HdrHistogram throws IndexOutOfRangeException above its trackable range (NBomber #695).
/// </summary>
internal static class LatencyHistogram
{
    public const long HighestTrackableMicros = 600_000_000;

    public static HistogramBase New() => new LongHistogram(HighestTrackableMicros, 3);

    public static Recorder NewRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestTrackableMicros).WithPrecisionOf(3)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();

    public static long Clamp(TimeSpan latency) => Math.Clamp((long)(latency.Ticks / 10.0), 1, HighestTrackableMicros);

    public static LatencyStats Summarize(HistogramBase h)
    {
        if (h.TotalCount == 0)
        {
            return LatencyStats.Empty;
        }

        static double Ms(long micros) => micros / 1000.0;
        return new LatencyStats(
            MinMs: Ms(h.RecordedValues().First().ValueIteratedTo),
            MeanMs: h.GetMean() / 1000.0,
            MaxMs: Ms(h.GetMaxValue()),
            P50: Ms(h.GetValueAtPercentile(50)),
            P75: Ms(h.GetValueAtPercentile(75)),
            P90: Ms(h.GetValueAtPercentile(90)),
            P95: Ms(h.GetValueAtPercentile(95)),
            P99: Ms(h.GetValueAtPercentile(99)),
            P999: Ms(h.GetValueAtPercentile(99.9)),
            StdDevMs: h.GetStdDeviation() / 1000.0);
    }
}
