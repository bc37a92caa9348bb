namespace ElasticScaler.Service.MetricSources;

/// <summary>Why a metric read gave no value: the <c>reason</c> label of <c>elasticscaler_metric_source_errors_total</c>.</summary>
/// <remarks>A small fixed set, so the series stay bounded whatever the servers answer; the full text goes to the condition and event.</remarks>
public enum FailureReason
{
    /// <summary>No answer within the source's timeout, or the server said its own query timed out.</summary>
    Timeout,
    /// <summary>The server could not be reached: refused, reset, no such host.</summary>
    Connection,
    /// <summary>The TLS handshake failed: an untrusted or mismatched certificate, a protocol error.</summary>
    Tls,
    /// <summary>An HTTP answer that is not a success and not one of the kinds below (401, 5xx, ...).</summary>
    Http,
    /// <summary>403: the service account may not read this (a metric API or a Secret).</summary>
    Forbidden,
    /// <summary>404 or its like: no such metric, object, Secret or Secret key; a kind no API serves.</summary>
    NotFound,
    /// <summary>Prometheus refused the query (400 bad_data) or could not execute it (422 execution).</summary>
    Query,
    /// <summary>An answer that could not be used: not JSON, an unexpected shape, a range vector or a string result.</summary>
    Invalid,
    /// <summary>The answer held no value: no series, no items.</summary>
    Empty,
    /// <summary>NaN or an infinity.</summary>
    NaN,
    /// <summary>A sample further from the service's clock than the source's staleAfter.</summary>
    Stale,
}

/// <summary>The label text of each <see cref="FailureReason"/>.</summary>
public static class FailureReasons
{
    private static readonly string[] Texts = [.. Enum.GetNames<FailureReason>().Select(n => n.ToLowerInvariant())];

    /// <summary>Every label value, in declaration order: timeout, connection, tls, http, forbidden, notfound, query, invalid, empty, nan, stale.</summary>
    public static IReadOnlyList<string> Labels => Texts;

    public static string Label(this FailureReason reason) => Texts[(int)reason];
}

/// <summary>A metric read that gave no value: the reason for the metrics and the message for the condition and event.</summary>
public sealed class MetricSourceException(FailureReason reason, string message) : Exception(message)
{
    public FailureReason Reason { get; } = reason;
}
