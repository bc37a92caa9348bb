namespace ElasticScaler.LoadTest;

/// <summary>Why a request failed. <see cref="None"/> for a success.</summary>
public enum ErrorKind
{
    /// <summary>No error: the response was a success.</summary>
    None = 0,
    /// <summary>No complete response within the per-request timeout.</summary>
    Timeout,
    /// <summary>The target refused the TCP connection (nothing listens on the port).</summary>
    Refused,
    /// <summary>The connection was reset or closed mid-request.</summary>
    Reset,
    /// <summary>The host name did not resolve.</summary>
    Dns,
    /// <summary>The server answered 4xx and that status was not expected.</summary>
    Http4xx,
    /// <summary>The server answered 5xx and that status was not expected.</summary>
    Http5xx,
    /// <summary>The server answered a non-error status other than the expected one(s).</summary>
    WrongStatus,
    /// <summary>The scenario returned <see cref="Response.Fail"/> without naming a kind.</summary>
    Failed,
    /// <summary>The scenario threw an exception the engine could not classify.</summary>
    Exception,
}

/// <summary>Snake-case names of <see cref="ErrorKind"/> as they appear in reports, thresholds and metrics.</summary>
public static class ErrorKinds
{
    /// <summary>All kinds that count as errors, in report order.</summary>
    public static readonly ErrorKind[] Errors =
    [
        ErrorKind.Timeout, ErrorKind.Refused, ErrorKind.Reset, ErrorKind.Dns, ErrorKind.Http4xx,
        ErrorKind.Http5xx, ErrorKind.WrongStatus, ErrorKind.Failed, ErrorKind.Exception,
    ];

    /// <summary>The report name of a kind, e.g. <c>timeout</c>, <c>http_5xx</c>.</summary>
    public static string Name(ErrorKind kind) => kind switch
    {
        ErrorKind.None => "none",
        ErrorKind.Timeout => "timeout",
        ErrorKind.Refused => "refused",
        ErrorKind.Reset => "reset",
        ErrorKind.Dns => "dns",
        ErrorKind.Http4xx => "http_4xx",
        ErrorKind.Http5xx => "http_5xx",
        ErrorKind.WrongStatus => "wrong_status",
        ErrorKind.Failed => "failed",
        ErrorKind.Exception => "exception",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
