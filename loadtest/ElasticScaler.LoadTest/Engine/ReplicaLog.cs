namespace ElasticScaler.LoadTest.Engine;

/// <summary>Replica samples by timestamp, converted to the run's time axis once the measured phase's start is known.</summary>
internal sealed class ReplicaLog
{
    private readonly Lock _gate = new();
    private readonly List<(long Stamp, ReplicaSample Sample)> _samples = [];

    public ReplicaSample? Latest { get; private set; }
    public string? LastError { get; private set; }
    public int Failures { get; private set; }

    public void Add(long stamp, ReplicaSample sample)
    {
        lock (_gate)
        {
            _samples.Add((stamp, sample));
            Latest = sample;
        }
    }

    public void Fail(string error)
    {
        lock (_gate)
        {
            Failures++;
            LastError = error;
        }
    }

    public IReadOnlyList<ReplicaPoint> Points(long origin, TimeProvider time)
    {
        lock (_gate)
        {
            return _samples.Select(s => new ReplicaPoint(
                Math.Round((s.Stamp - origin) / (double)time.TimestampFrequency, 2), s.Sample.Ecs, s.Sample.Eci, s.Sample.Desired)).ToList();
        }
    }
}
