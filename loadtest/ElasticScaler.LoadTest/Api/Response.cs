namespace ElasticScaler.LoadTest;

/// <summary>
/// The outcome of one scenario invocation or step, as NBomber's <c>Response.Ok()</c> / <c>Response.Fail()</c>.
/// A value type: the HTTP hot path returns one per request and should not allocate for it.
/// </summary>
public readonly record struct Response
{
    /// <summary>True when the invocation failed.</summary>
    public bool IsError { get; init; }

    /// <summary>A label such as "200" or "not found header"; HTTP responses use the numeric status.</summary>
    public string StatusCode { get; init; }

    /// <summary>The numeric HTTP status when there was one, else 0; drives the status-code breakdown.</summary>
    public int HttpStatus { get; init; }

    /// <summary>Bytes received (or sent) by the invocation, for the data-transfer totals.</summary>
    public long SizeBytes { get; init; }

    /// <summary>A free-text reason, kept only for the first failures of each kind in reports.</summary>
    public string Message { get; init; }

    /// <summary>Custom latency in ms; 0 means "the engine measures it".</summary>
    public double LatencyMs { get; init; }

    /// <summary>Why the invocation failed; <see cref="ErrorKind.None"/> when it did not.</summary>
    public ErrorKind ErrorKind { get; init; }

    /// <summary>A success. Parameter order is NBomber's: status code, size, message, latency.</summary>
    public static Response Ok(string statusCode = "", long sizeBytes = 0, string message = "", double latencyMs = 0) =>
        new() { StatusCode = statusCode, SizeBytes = sizeBytes, Message = message, LatencyMs = latencyMs };

    /// <summary>A failure. As in NBomber the message comes before the size; <paramref name="errorKind"/> classifies it.</summary>
    public static Response Fail(string statusCode = "", string message = "", long sizeBytes = 0, double latencyMs = 0,
        ErrorKind errorKind = ErrorKind.Failed) =>
        new()
        {
            IsError = true, StatusCode = statusCode, Message = message, SizeBytes = sizeBytes, LatencyMs = latencyMs,
            ErrorKind = errorKind == ErrorKind.None ? ErrorKind.Failed : errorKind,
        };

    /// <summary>An HTTP outcome: the engine's HTTP client builds these without string formatting on the hot path.</summary>
    public static Response Http(int status, long sizeBytes, ErrorKind errorKind) =>
        new()
        {
            IsError = errorKind != ErrorKind.None, HttpStatus = status, StatusCode = StatusText.Of(status),
            SizeBytes = sizeBytes, ErrorKind = errorKind, Message = "",
        };
}

/// <summary>Cached decimal strings for HTTP status codes, so a response label never allocates.</summary>
internal static class StatusText
{
    private static readonly string[] Cache = Enumerable.Range(0, 600).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static string Of(int status) =>
        status is >= 0 and < 600 ? Cache[status] : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
