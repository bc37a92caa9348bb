namespace ElasticScaler.Service.Cache;

/// <summary>How a list+watch cache talks to the API server.</summary>
public sealed record WatchOptions
{
    /// <summary>Items per list page; default 500 (client-go's reflector pages the same way).</summary>
    public int PageSize { get; init; } = 500;
    /// <summary>timeoutSeconds of each watch, jittered up to twice as long so a fleet of watches does not end together; default 5 min (client-go's minWatchTimeout).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>A watch with no event, not even a bookmark, for this long is treated as hung and replaced (kubernetes-client/csharp#533, #1134); default 3 min.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(3);
    /// <summary>First delay after a failed list or watch; doubles per failure up to <see cref="MaxBackoff"/>; default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
