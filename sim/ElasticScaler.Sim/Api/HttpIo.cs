using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Serialization;

namespace ElasticScaler.Sim.Api;

/// <summary>Reading bodies and writing JSON the way the apiserver does (content types with parameters, no-cache headers).</summary>
public static class HttpIo
{
    public const string Json = "application/json";

    public static async Task WriteJson(HttpContext ctx, int code, JsonNode body, string contentType = Json)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        ctx.Response.ContentLength = bytes.Length;
        await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
    }

    public static Task WriteStatus(HttpContext ctx, ApiException e) => WriteJson(ctx, e.Code, e.ToStatus());

    /// <summary>The media type without parameters, lower-cased ("application/merge-patch+json").</summary>
    public static string MediaType(string? contentType) =>
        (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

    public static async Task<string> ReadText(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(ctx.RequestAborted);
    }

    /// <summary>Parses a JSON (or YAML, for apply) body; a malformed one is a 400 naming the problem, never a 500.</summary>
    public static JsonNode ParseBody(string text, string mediaType, string what)
    {
        if (mediaType is "application/yaml" or "application/apply-patch+yaml" && !LooksLikeJson(text))
            return YamlToJson(text, what);
        try
        {
            return JsonNode.Parse(text) ?? throw ApiException.BadRequest($"{what}: the request body is null");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"{what}: couldn't get version/kind; json parse error: {e.Message}");
        }
    }

    private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('[');

    private static JsonNode YamlToJson(string text, string what)
    {
        try
        {
            var yaml = new DeserializerBuilder().Build().Deserialize<object?>(text);
            var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml);
            return JsonNode.Parse(json) ?? throw ApiException.BadRequest($"{what}: empty YAML body");
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ApiException.BadRequest($"{what}: error converting YAML to JSON: {e.Message}");
        }
    }

    public static bool WantsTable(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public static bool WantsAggregatedDiscovery(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal) &&
        ctx.Request.Headers.Accept.ToString().Contains("v=v2;", StringComparison.Ordinal);

    public static string? Query(HttpContext ctx, string key) =>
        ctx.Request.Query.TryGetValue(key, out var v) && v.Count > 0 ? v[^1] : null;

    public static long QueryLong(HttpContext ctx, string key)
    {
        var s = Query(ctx, key);
        if (string.IsNullOrEmpty(s))
            return 0;
        return long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? v
            : throw ApiException.BadRequest($"invalid value for {key}: \"{s}\" is not an integer");
    }

    public static bool QueryBool(HttpContext ctx, string key) => Query(ctx, key) is "true" or "1";
}
