using HdrHistogram;

namespace ElasticScaler.LoadTest.Stats;

/// <summary>
/// Lock-free accumulation of request outcomes from many concurrent copies. Counters are cumulative; the sampler
/// diffs them each second and pulls an interval histogram from the HdrHistogram <see cref="Recorder"/>.
/// </summary>
internal sealed class MetricsRecorder
{
    private readonly Recorder _latency = LatencyHistogram.NewRecorder();
    private readonly long[] _status = new long[600];
    private readonly long[] _errors = new long[Enum.GetValues<ErrorKind>().Length];
    private long _ok;
    private long _fail;
    private long _bytes;
    private long _dropped;
    private int _inFlight;
    private int _peak;

    public long Ok => Volatile.Read(ref _ok);
    public long Fail => Volatile.Read(ref _fail);
    public long Bytes => Volatile.Read(ref _bytes);
    public long Dropped => Volatile.Read(ref _dropped);
    public int InFlight => Volatile.Read(ref _inFlight);
    public int Peak => Volatile.Read(ref _peak);

    public void Record(TimeSpan latency, in Response response)
    {
        var measured = response.LatencyMs > 0 ? TimeSpan.FromMilliseconds(response.LatencyMs) : latency;
        _latency.RecordValue(LatencyHistogram.Clamp(measured));
        if (response.IsError)
        {
            Interlocked.Increment(ref _fail);
            Interlocked.Increment(ref _errors[(int)response.ErrorKind]);
        }
        else
        {
            Interlocked.Increment(ref _ok);
        }

        var status = response.HttpStatus is >= 0 and < 600 ? response.HttpStatus : 0;
        Interlocked.Increment(ref _status[status]);
        if (response.SizeBytes > 0)
        {
            Interlocked.Add(ref _bytes, response.SizeBytes);
        }
    }

    public void RecordDropped() => Interlocked.Increment(ref _dropped);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The latency histogram since the previous call; the caller owns the returned instance.</summary>
    public HistogramBase TakeInterval() => _latency.GetIntervalHistogram();

    public long ErrorCount(ErrorKind kind) => Volatile.Read(ref _errors[(int)kind]);

    public IReadOnlyDictionary<string, long> ErrorsByName() =>
        ErrorKinds.Errors.Select(k => (k, n: ErrorCount(k))).Where(x => x.n > 0).ToDictionary(x => ErrorKinds.Name(x.k), x => x.n);

    public IReadOnlyDictionary<string, long> StatusCodes()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _status.Length; i++)
        {
            var n = Volatile.Read(ref _status[i]);
            if (n > 0)
            {
                result[StatusText.Of(i)] = n;
            }
        }

        return result;
    }

    /// <summary>Forget everything recorded so far (end of warm-up).</summary>
    public void Reset()
    {
        _latency.Reset();
        Array.Clear(_status);
        Array.Clear(_errors);
        Interlocked.Exchange(ref _ok, 0);
        Interlocked.Exchange(ref _fail, 0);
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _dropped, 0);
        Interlocked.Exchange(ref _peak, Volatile.Read(ref _inFlight));
    }
}
