using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// The pods/log query (PodLogOptions): container, follow, previous, timestamps, sinceSeconds, sinceTime, tailLines,
/// limitBytes. A value that is not a number or a time is a 400; values out of range are the apiserver's 422
/// (ValidatePodLogOptions: tailLines >= 0, limitBytes > 0, sinceSeconds > 0, not both since forms).
/// </summary>
public sealed record PodLogQuery(string? Container, bool Follow, bool Previous, bool Timestamps, long? SinceSeconds,
    DateTimeOffset? SinceTime, long? TailLines, long? LimitBytes)
{
    public static PodLogQuery Parse(HttpContext ctx, string pod)
    {
        var query = new PodLogQuery(
            HttpIo.Query(ctx, "container") is { Length: > 0 } c ? c : null,
            Bool(ctx, "follow"), Bool(ctx, "previous"), Bool(ctx, "timestamps"),
            Long(ctx, "sinceSeconds"), Time(ctx, "sinceTime"), Long(ctx, "tailLines"), Long(ctx, "limitBytes"));
        var causes = new List<FieldCause>();
        if (query.TailLines < 0)
            causes.Add(FieldCause.Invalid("tailLines", query.TailLines, "must be greater than or equal to 0"));
        if (query.LimitBytes < 1)
            causes.Add(FieldCause.Invalid("limitBytes", query.LimitBytes, "must be greater than 0"));
        if (query.SinceSeconds is not null && query.SinceTime is not null)
            causes.Add(FieldCause.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        else if (query.SinceSeconds < 1)
            causes.Add(FieldCause.Invalid("sinceSeconds", query.SinceSeconds, "must be greater than 0"));
        if (causes.Count > 0)
            throw ApiException.Invalid("", "PodLogOptions", pod, causes);
        return query;
    }

    /// <summary>The earliest line time to send, if the query bounds it.</summary>
    public DateTimeOffset? Since(DateTimeOffset now) => SinceTime ?? (SinceSeconds is { } s ? now - TimeSpan.FromSeconds(s) : null);

    private static bool Bool(HttpContext ctx, string key) => HttpIo.Query(ctx, key) switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        var v => throw ApiException.BadRequest($"invalid value for {key}: \"{v}\" is not true or false"),
    };

    private static long? Long(HttpContext ctx, string key) =>
        HttpIo.Query(ctx, key) is { Length: > 0 } ? HttpIo.QueryLong(ctx, key) : null;

    private static DateTimeOffset? Time(HttpContext ctx, string key)
    {
        if (HttpIo.Query(ctx, key) is not { Length: > 0 } text)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw ApiException.BadRequest($"invalid value for {key}: \"{text}\" is not an RFC 3339 time");
    }
}
