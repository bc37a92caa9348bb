namespace ElasticScaler.LoadTest;

/// <summary>Reads a workload's replicas, ECS and ECI apart.</summary>
public interface IReplicaSource
{
    /// <summary>What is sampled, for reports ("deployment shop/web").</summary>
    string Describe { get; }

    /// <summary>One sample; throws when the API cannot be read.</summary>
    Task<ReplicaSample> SampleAsync(CancellationToken cancellationToken);
}
