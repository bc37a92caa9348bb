using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ElasticScaler.Core.Model;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// What one answer of Prometheus's instant-query API (<c>/api/v1/query</c>) means for a metric: the value of every
/// series (the engine sums them, as HPA sums an External metric's series) and their timestamp, or why there is no
/// value, with a <see cref="FailureReason"/>. <see cref="Warnings"/> and <see cref="Infos"/> are Prometheus's
/// annotations, carried into the failure text.
/// </summary>
public sealed record PrometheusResult
{
    public IReadOnlyList<Quantity>? Values { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public FailureReason? Reason { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<string> Infos { get; init; } = [];

    public bool Succeeded => Error is null;
}

/// <summary>
/// The pure reader of Prometheus's HTTP API answers, as documented at
/// https://prometheus.io/docs/prometheus/latest/querying/api/: the envelope (<c>status</c>, <c>data</c>,
/// <c>errorType</c>, <c>error</c>, <c>warnings</c>, <c>infos</c>) and the result types (<c>vector</c>: a list of
/// <c>{metric, value: [ts, "v"]}</c>; <c>scalar</c>: <c>[ts, "v"]</c>; <c>matrix</c> and <c>string</c>, refused).
/// </summary>
public static class PrometheusResponse
{
    private const int Snippet = 200;

    /// <summary>
    /// Reads an answer. <paramref name="now"/> is the service's clock: a sample further from it than
    /// <paramref name="staleAfter"/> is stale. Prometheus stamps an instant result with its evaluation time, so this
    /// catches a cached or delayed answer and clocks apart; a series that stopped being scraped is dropped by
    /// Prometheus's own lookback (5 minutes) and shows as an empty result.
    /// </summary>
    public static PrometheusResult Parse(HttpStatusCode status, string body, DateTimeOffset now, TimeSpan staleAfter)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // A proxy's or load balancer's page in front of Prometheus: its code says what happened.
            return (int)status is >= 200 and < 300
                ? Fail(FailureReason.Invalid, $"Prometheus answered {Code(status)} with a body that is not JSON (is serverAddress a Prometheus API?): {Clip(body)}", [], [])
                : Fail(ReasonOf(status, null), Describe(status, null, null, body), [], []);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return Fail(FailureReason.Invalid, $"Prometheus answered {Code(status)} with JSON that is not an object: {Clip(body)}", [], []);
            var warnings = Strings(root, "warnings");
            var infos = Strings(root, "infos");
            var statusText = Text(root, "status");
            var errorType = Text(root, "errorType");
            var error = Text(root, "error");
            if ((int)status is < 200 or >= 300 || statusText == "error")
                return Fail(ReasonOf(status, errorType), Describe(status, errorType, error, body), warnings, infos);
            if (statusText != "success")
                return Fail(FailureReason.Invalid, $"the answer's status is {Quote(statusText)}, not \"success\" or \"error\"", warnings, infos);
            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                return Fail(FailureReason.Invalid, "the answer has no data object", warnings, infos);
            var resultType = Text(data, "resultType");
            data.TryGetProperty("result", out var result);
            return resultType switch
            {
                "vector" => Vector(result, now, staleAfter, warnings, infos),
                "scalar" => Scalar(result, now, staleAfter, warnings, infos),
                "matrix" => Fail(FailureReason.Invalid, "the query returns a range vector; use an instant query, e.g. wrap it in sum(rate(...))", warnings, infos),
                "string" => Fail(FailureReason.Invalid, "the query returns a string; it must return a number (an instant vector or a scalar)", warnings, infos),
                _ => Fail(FailureReason.Invalid, $"the answer's data.resultType is {Quote(resultType)}, not vector, scalar, matrix or string", warnings, infos),
            };
        }
    }

    private static PrometheusResult Vector(JsonElement result, DateTimeOffset now, TimeSpan staleAfter, IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
    {
        if (result.ValueKind != JsonValueKind.Array)
            return Fail(FailureReason.Invalid, "the answer's data.result is not a list of series", warnings, infos);
        if (result.GetArrayLength() == 0)
            return Fail(FailureReason.Empty, "the query returned an empty vector: no series match now (check the metric name and labels, " +
                "and that Prometheus scrapes the target; a series not scraped for 5 minutes drops out)", warnings, infos);
        var values = new List<Quantity>(result.GetArrayLength());
        DateTimeOffset? oldest = null;
        int i = 0;
        foreach (var series in result.EnumerateArray())
        {
            var at = $"data.result[{i++}]";
            if (series.ValueKind != JsonValueKind.Object)
                return Fail(FailureReason.Invalid, $"the answer's {at} is not a series object", warnings, infos);
            if (!series.TryGetProperty("value", out var sample))
            {
                return series.TryGetProperty("histogram", out _)
                    ? Fail(FailureReason.Invalid, "the query returns native histograms; reduce them to a number, e.g. histogram_quantile(0.9, ...) or histogram_count(...)", warnings, infos)
                    : Fail(FailureReason.Invalid, $"the answer's {at} has no value", warnings, infos);
            }
            var read = Sample(sample, $"{at}.value", Labels(series), warnings, infos);
            if (read.Failure is { } failure) return failure;
            values.Add(read.Value);
            if (oldest is null || read.Timestamp < oldest) oldest = read.Timestamp;
        }
        return Fresh(values, oldest!.Value, now, staleAfter, warnings, infos);
    }

    private static PrometheusResult Scalar(JsonElement result, DateTimeOffset now, TimeSpan staleAfter, IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
    {
        var read = Sample(result, "data.result", null, warnings, infos);
        return read.Failure ?? Fresh([read.Value], read.Timestamp, now, staleAfter, warnings, infos);
    }

    private static PrometheusResult Fresh(List<Quantity> values, DateTimeOffset stamped, DateTimeOffset now, TimeSpan staleAfter,
        IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
    {
        var age = now - stamped;
        if (age > staleAfter || -age > staleAfter)
        {
            // No timestamp in the text: the same lag sync after sync is one event whose count grows, not an event per sync.
            var when = age > TimeSpan.Zero ? $"{Duration(age)} before" : $"{Duration(-age)} ahead of";
            return Fail(FailureReason.Stale, $"the sample is stamped {when} this service's clock (staleAfter {Duration(staleAfter)}): " +
                "a cached or delayed answer, or clocks apart", warnings, infos);
        }
        return new PrometheusResult { Values = values, Timestamp = stamped, Warnings = warnings, Infos = infos };
    }

    private readonly record struct SampleRead(Quantity Value, DateTimeOffset Timestamp, PrometheusResult? Failure);

    /// <summary>A sample, <c>[unix seconds, "value"]</c>; the value may be NaN, +Inf or -Inf, which give no usable number.</summary>
    private static SampleRead Sample(JsonElement sample, string at, string? labels, IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
    {
        if (sample.ValueKind != JsonValueKind.Array || sample.GetArrayLength() != 2 || sample[0].ValueKind != JsonValueKind.Number
            || sample[1].ValueKind != JsonValueKind.String || !sample[0].TryGetDouble(out var seconds))
            return new(default, default, Fail(FailureReason.Invalid, $"the answer's {at} is not [timestamp, \"number\"]: {Clip(sample.GetRawText())}", warnings, infos));
        var text = sample[1].GetString()!;
        var series = labels is null ? "" : $" for series {labels}";
        if (text is "NaN" or "+Inf" or "-Inf" or "Inf")
            return new(default, default, Fail(FailureReason.NaN, $"the query returned {text}{series}: no number to scale on (a division by zero, or no samples in a rate window?)", warnings, infos));
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return new(default, default, Fail(FailureReason.Invalid, $"the answer's {at} holds {Quote(text)}, not a number{series}", warnings, infos));
        return new(new Quantity(value), DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), null);
    }

    private static FailureReason ReasonOf(HttpStatusCode status, string? errorType) => ((int)status, errorType) switch
    {
        (_, "timeout") => FailureReason.Timeout,
        (400, _) or (422, _) or (_, "bad_data") or (_, "execution") => FailureReason.Query,
        (403, _) => FailureReason.Forbidden,
        (404, _) or (_, "not_found") => FailureReason.NotFound,
        _ => FailureReason.Http,
    };

    private static string Describe(HttpStatusCode status, string? errorType, string? error, string body)
    {
        var code = errorType is null ? Code(status) : $"{Code(status)} {errorType}";
        var detail = error ?? Clip(body);
        return ((int)status, errorType) switch
        {
            (400, _) => $"Prometheus refused the query ({code}): {detail}",
            (422, _) => $"Prometheus could not execute the query ({code}): {detail}",
            (503, "timeout") or (_, "timeout") => $"Prometheus timed out the query ({code}): {detail}",
            (503, _) => $"Prometheus is unavailable ({code}): {detail}",
            (401, _) => $"Prometheus refused the credentials ({code}): {detail}; check bearerTokenSecret or basicAuth",
            (403, _) => $"Prometheus forbade the query ({code}): {detail}",
            (404, _) => $"no query API at this address ({code}): check serverAddress (Mimir and Cortex serve it under a prefix such as /prometheus)",
            _ => $"Prometheus answered {code}: {detail}",
        };
    }

    private static PrometheusResult Fail(FailureReason reason, string message, IReadOnlyList<string> warnings, IReadOnlyList<string> infos)
    {
        var text = new StringBuilder(message);
        if (warnings.Count > 0) text.Append("; Prometheus warned: ").AppendJoin("; ", warnings);
        if (infos.Count > 0) text.Append("; Prometheus noted: ").AppendJoin("; ", infos);
        return new PrometheusResult { Reason = reason, Error = text.ToString(), Warnings = warnings, Infos = infos };
    }

    private static string? Labels(JsonElement series)
    {
        if (!series.TryGetProperty("metric", out var metric) || metric.ValueKind != JsonValueKind.Object) return "{}";
        return "{" + string.Join(", ", metric.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}")) + "}";
    }

    private static IReadOnlyList<string> Strings(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Code(HttpStatusCode status) => $"{(int)status} {ReasonPhrase(status)}";

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => "OK",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.UnprocessableEntity => "Unprocessable Entity",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => status.ToString(),
    };

    private static string Quote(string? s) => s is null ? "absent" : $"\"{s}\"";

    private static string Clip(string s)
    {
        var one = s.ReplaceLineEndings(" ").Trim();
        return one.Length <= Snippet ? one : one[..Snippet] + "...";
    }

    private static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s"
        : t.Seconds == 0 ? $"{(int)t.TotalMinutes}m" : $"{(int)t.TotalMinutes}m{t.Seconds}s";
}
