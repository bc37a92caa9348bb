using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.MetricSources;

/// <summary>What went wrong on the way to a metric source, as a <see cref="FailureReason"/> and the text a person needs.</summary>
public static class TransportFailures
{
    /// <summary>
    /// A failed request to a Kubernetes metrics API, worded as HPA's metrics client words it:
    /// <paramref name="prefix"/> ("unable to fetch metrics from custom metrics API: ") then the API server's own message.
    /// Null for an exception that is not a transport failure (a bug: let it surface).
    /// </summary>
    public static MetricSourceException? FromKube(Exception e, string prefix) => e switch
    {
        KubeApiException k when k.Status == HttpStatusCode.Forbidden => new(FailureReason.Forbidden, prefix + k.ApiMessage),
        KubeApiException k when k.IsNotFound => new(FailureReason.NotFound, prefix + k.ApiMessage),
        KubeApiException k => new(FailureReason.Http, prefix + k.ApiMessage),
        JsonException j => new(FailureReason.Invalid, prefix + "the answer is not JSON: " + j.Message),
        _ => FromTransport(e, prefix),
    };

    /// <summary>A connection or TLS failure of any HTTP request; null when <paramref name="e"/> is neither.</summary>
    public static MetricSourceException? FromTransport(Exception e, string prefix)
    {
        if (e is HttpRequestException or IOException or SocketException)
        {
            if (Find<AuthenticationException>(e) is { } tls)
                return new(FailureReason.Tls, prefix + "TLS handshake failed: " + tls.Message);
            return new(FailureReason.Connection, prefix + Innermost(e).Message);
        }
        return null;
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        // .NET says why in the message ("Connection refused (127.0.0.1:9090)") unless it wraps the reason in an inner exception.
        var x = e;
        while (x.InnerException is not null && x.Message.StartsWith("An error occurred while sending the request", StringComparison.Ordinal)) x = x.InnerException;
        return x;
    }
}
