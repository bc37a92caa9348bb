using System.Net;
using System.Text.Json;

namespace ElasticScaler.Service.Kube;

/// <summary>An API answer that was not a success, with the Status object's reason and message when it had one.</summary>
public sealed class KubeApiException(HttpStatusCode status, string? reason, string message, string verb, string path)
    : Exception($"{verb} {path}: {(int)status} {reason}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    /// <summary>The Status object's reason (Conflict, NotFound, Expired, Forbidden, ...).</summary>
    public string? Reason { get; } = reason;
    /// <summary>The server's own message, as HPA quotes it in its conditions.</summary>
    public string ApiMessage { get; } = message;

    public bool IsConflict => Status == HttpStatusCode.Conflict;
    public bool IsNotFound => Status == HttpStatusCode.NotFound;
    /// <summary>410 Gone / Expired: the resourceVersion is too old; relist.</summary>
    public bool IsGone => Status == HttpStatusCode.Gone || Reason == "Expired" || Reason == "Gone";

    internal static KubeApiException From(HttpStatusCode status, string body, string verb, string path)
    {
        string? reason = null;
        string message = body.Length > 300 ? body[..300] : body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (doc.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String) reason = r.GetString();
                if (doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) message = m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not a Status object (a proxy's HTML page, say): keep the text.
        }
        return new KubeApiException(status, reason, message, verb, path);
    }
}
