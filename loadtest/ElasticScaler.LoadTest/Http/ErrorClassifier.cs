using System.Net.Sockets;

namespace ElasticScaler.LoadTest.Http;

/// <summary>Maps what went wrong (an exception, or an HTTP status against the expected ones) to an <see cref="ErrorKind"/>.</summary>
internal static class ErrorClassifier
{
    public static ErrorKind Classify(Exception ex) => ex switch
    {
        TimeoutException or TaskCanceledException { InnerException: TimeoutException } => ErrorKind.Timeout,
        OperationCanceledException => ErrorKind.Timeout,
        SocketException s => Classify(s.SocketErrorCode),
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => ErrorKind.Dns,
        HttpRequestException { InnerException: { } inner } => Classify(inner),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => ErrorKind.Refused,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => ErrorKind.Reset,
        IOException { InnerException: { } inner } => Classify(inner),
        IOException => ErrorKind.Reset,
        _ => ErrorKind.Exception,
    };

    public static ErrorKind Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => ErrorKind.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected
            or SocketError.Disconnecting or SocketError.NetworkReset => ErrorKind.Reset,
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData or SocketError.NoRecovery => ErrorKind.Dns,
        SocketError.TimedOut => ErrorKind.Timeout,
        SocketError.OperationAborted => ErrorKind.Timeout,
        _ => ErrorKind.Exception,
    };

    /// <summary>
    /// A status is a success when it is one of the expected statuses (by default any 2xx or 3xx). Otherwise 4xx and
    /// 5xx are their own kinds and anything else (e.g. 200 when 201 was expected) is a wrong status.
    /// </summary>
    public static ErrorKind ClassifyStatus(int status, IReadOnlySet<int>? expected)
    {
        var ok = expected is null || expected.Count == 0 ? status is >= 200 and < 400 : expected.Contains(status);
        return ok ? ErrorKind.None : status switch
        {
            >= 400 and < 500 => ErrorKind.Http4xx,
            >= 500 and < 600 => ErrorKind.Http5xx,
            _ => ErrorKind.WrongStatus,
        };
    }
}
