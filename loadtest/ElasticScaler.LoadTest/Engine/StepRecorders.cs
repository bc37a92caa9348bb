using System.Collections.Concurrent;
using ElasticScaler.LoadTest.Stats;
using HdrHistogram;

namespace ElasticScaler.LoadTest.Engine;

/// <summary>Per-step counters and latency (whole run only, no time series: steps are a finer lens, not the gate).</summary>
internal sealed class StepRecorders
{
    private readonly ConcurrentDictionary<string, StepRecorder> _steps = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public StepRecorder Get(string name) => _steps.GetOrAdd(name, n =>
    {
        _order.Enqueue(n);
        return new StepRecorder();
    });

    public void Reset()
    {
        foreach (var step in _steps.Values)
        {
            step.Reset();
        }
    }

    public IReadOnlyList<StepStats> Summarize(TimeSpan duration) =>
        _order.Distinct().Select(name => _steps[name].Summarize(name, duration)).ToList();
}

internal sealed class StepRecorder
{
    private readonly Lock _gate = new();
    private readonly HistogramBase _latency = LatencyHistogram.New();
    private long _ok;
    private long _fail;

    public void Record(TimeSpan latency, in Response response)
    {
        lock (_gate)
        {
            _latency.RecordValue(LatencyHistogram.Clamp(response.LatencyMs > 0 ? TimeSpan.FromMilliseconds(response.LatencyMs) : latency));
            if (response.IsError)
            {
                _fail++;
            }
            else
            {
                _ok++;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _latency.Reset();
            _ok = 0;
            _fail = 0;
        }
    }

    public StepStats Summarize(string name, TimeSpan duration)
    {
        lock (_gate)
        {
            var all = Math.Max(1, _ok + _fail);
            var seconds = Math.Max(duration.TotalSeconds, 1e-9);
            return new StepStats(name,
                new RequestCounts(_ok, _ok / seconds, 100.0 * _ok / all),
                new RequestCounts(_fail, _fail / seconds, 100.0 * _fail / all),
                LatencyHistogram.Summarize(_latency));
        }
    }
}
