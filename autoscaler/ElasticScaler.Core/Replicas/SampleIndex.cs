using System.Buffers;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// Finds a pod's PodMetrics sample by name without allocating. The service lists pods and pod metrics in
/// the same order, so a positional match is tried first; any miss builds an open-addressing table in
/// pooled arrays. Must be disposed (a plain local with try/finally: it mutates itself).
/// </summary>
/// <remarks>Two samples with one name cannot come from the metrics API; if they did, the positional match or the
/// later sample (Go map semantics) wins.</remarks>
internal struct SampleIndex : IDisposable
{
    private readonly IReadOnlyList<PodMetricsSample> _samples;
    private int[]? _table;
    private int _mask;

    public SampleIndex(IReadOnlyList<PodMetricsSample> samples) => _samples = samples;

    /// <summary>Index of the sample named <paramref name="podName"/>, or -1.</summary>
    public int Find(string podName, int podIndex)
    {
        if ((uint)podIndex < (uint)_samples.Count && string.Equals(_samples[podIndex].PodName, podName, StringComparison.Ordinal))
            return podIndex;
        if (_samples.Count == 0) return -1;
        if (_table is null) Build();
        var table = _table!;
        var h = podName.GetHashCode() & _mask;
        while (true)
        {
            var slot = table[h];
            if (slot == 0) return -1;
            if (string.Equals(_samples[slot - 1].PodName, podName, StringComparison.Ordinal)) return slot - 1;
            h = (h + 1) & _mask;
        }
    }

    private void Build()
    {
        var size = 4;
        while (size < _samples.Count * 2) size <<= 1;
        var table = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(table, 0, size);
        _mask = size - 1;
        for (var j = 0; j < _samples.Count; j++)
        {
            var name = _samples[j].PodName;
            var h = name.GetHashCode() & _mask;
            while (table[h] != 0 && !string.Equals(_samples[table[h] - 1].PodName, name, StringComparison.Ordinal))
                h = (h + 1) & _mask;
            table[h] = j + 1;
        }
        _table = table;
    }

    public void Dispose()
    {
        if (_table is not null) ArrayPool<int>.Shared.Return(_table);
        _table = null;
    }
}
