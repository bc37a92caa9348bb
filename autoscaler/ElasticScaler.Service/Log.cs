using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service;

/// <summary>The service's log lines: sentences, source-generated, quoting what they are about. Nothing logs at Information per sync; Debug (--log-level debug) adds a line per sync.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Resource} expired ({Message}); relisting")]
    public static partial void WatchExpired(ILogger log, string resource, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Resource} sent nothing for {Stall}, not even a bookmark; relisting")]
    public static partial void WatchStalled(ILogger log, string resource, TimeSpan stall);

    [LoggerMessage(Level = LogLevel.Warning, Message = "List or watch of {Resource} failed; retrying in {Delay}: {Message}")]
    public static partial void WatchFailed(ILogger log, string resource, TimeSpan delay, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped unreadable {Resource} \"{Namespace}/{Name}\": {Message}")]
    public static partial void ObjectUnreadable(ILogger log, string resource, string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} for \"{Namespace}/{Name}\": {Message}")]
    public static partial void EventFailed(ILogger log, string @namespace, string name, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} now leads (Lease {LeaseNamespace}/{LeaseName})")]
    public static partial void StartedLeading(ILogger log, string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease; its workers stop and it campaigns again")]
    public static partial void StoppedLeading(ILogger log, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "The lease is held by {Leader}")]
    public static partial void NewLeader(ILogger log, string leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election error: {Message}")]
    public static partial void LeaseError(ILogger log, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} syncs {Scalers} ElasticScalers with {Workers} workers")]
    public static partial void Leading(ILogger log, string identity, int scalers, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of \"{Key}\" failed; retrying in {Delay}: {Message}")]
    public static partial void SyncFailed(ILogger log, string key, TimeSpan delay, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Synced \"{Key}\" in {Elapsed}; next sync in {Next}")]
    public static partial void Synced(ILogger log, string key, TimeSpan elapsed, TimeSpan? next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /metrics, /healthz and /readyz on {Address}")]
    public static partial void Serving(ILogger log, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prometheus at {Server} answered query \"{Query}\" with annotations (the value is used): {Annotations}")]
    public static partial void PrometheusAnnotations(ILogger log, string server, string query, string annotations);
}
