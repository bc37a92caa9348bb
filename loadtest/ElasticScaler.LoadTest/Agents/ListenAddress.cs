using System.Net;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>Parses a listen address: <c>IP:PORT</c>, <c>[IPv6]:PORT</c>, or <c>:PORT</c> / <c>*:PORT</c> for every interface.</summary>
public static class ListenAddress
{
    /// <summary>The end point; throws <see cref="LoadConfigException"/> naming <paramref name="flag"/> and the fix.</summary>
    public static IPEndPoint Parse(string text, string flag)
    {
        var t = text.Trim();
        if (t.StartsWith(':') || t.StartsWith("*:", StringComparison.Ordinal) || t.StartsWith("+:", StringComparison.Ordinal))
        {
            t = "0.0.0.0" + t[t.IndexOf(':', StringComparison.Ordinal)..];
        }
        else if (t.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            t = "127.0.0.1" + t[9..];
        }

        if (!IPEndPoint.TryParse(t, out var endPoint) || !t.Contains(':', StringComparison.Ordinal) || endPoint.Port is < 0 or > 65535)
        {
            throw new LoadConfigException($"{flag}: '{text}' is not IP:PORT; fix: e.g. {flag} 0.0.0.0:7071 (all interfaces) or {flag} 127.0.0.1:7071");
        }

        return endPoint;
    }
}
