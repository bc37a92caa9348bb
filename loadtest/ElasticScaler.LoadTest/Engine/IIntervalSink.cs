using HdrHistogram;

namespace ElasticScaler.LoadTest.Engine;

/// <summary>
/// Receives every 1 s sample as the sampler takes it: what an agent streams to its coordinator. Called on the
/// sampling loop under the sampler's lock, so it must only hand the data on (queue it), never block.
/// </summary>
internal interface IIntervalSink
{
    /// <summary>One measured interval of <paramref name="scenario"/>: its point and its latency histogram (owned by the sink).</summary>
    void OnInterval(string scenario, TimeSeriesPoint point, HistogramBase histogram, double startSeconds, double lengthSeconds);

    /// <summary>A tick before measuring began (init or warm-up).</summary>
    void OnHeartbeat(string scenario, string phase);
}
