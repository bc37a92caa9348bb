using System.Text;

namespace ElasticScaler.LoadTest.Http;

/// <summary>One kind of request in a scenario's mix.</summary>
public sealed record RequestSpec
{
    /// <summary>A short label for reports ("home", "checkout").</summary>
    public string Name { get; init; } = "request";
    /// <summary>HTTP method. Default GET.</summary>
    public string Method { get; init; } = "GET";
    /// <summary>Absolute http:// or https:// URL.</summary>
    public required Uri Url { get; init; }
    /// <summary>Extra request headers (Host, Content-Length are set by the engine).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>Request body (UTF-8), or null.</summary>
    public string? Body { get; init; }
    /// <summary>Relative share in the weighted mix. Default 1.</summary>
    public int Weight { get; init; } = 1;
    /// <summary>Per-request timeout. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Statuses that count as success; empty = any 2xx or 3xx.</summary>
    public IReadOnlySet<int> ExpectStatus { get; init; } = new HashSet<int>();

    /// <summary>The request as HTTP/1.1 bytes, encoded once so the hot path only copies them.</summary>
    internal byte[] Encode()
    {
        var sb = new StringBuilder();
        sb.Append(Method).Append(' ').Append(Url.PathAndQuery).Append(" HTTP/1.1\r\n");
        sb.Append("Host: ").Append(Url.IsDefaultPort ? Url.Host : $"{Url.Host}:{Url.Port}").Append("\r\n");
        var hasAgent = false;
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("host", StringComparison.OrdinalIgnoreCase) || name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            hasAgent |= name.Equals("user-agent", StringComparison.OrdinalIgnoreCase);
            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!hasAgent)
        {
            sb.Append("User-Agent: elasticscaler-loadtest\r\n");
        }

        var body = Body is null ? [] : Encoding.UTF8.GetBytes(Body);
        if (body.Length > 0 || Method is "POST" or "PUT" or "PATCH")
        {
            sb.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        sb.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(sb.ToString()), .. body];
    }
}
