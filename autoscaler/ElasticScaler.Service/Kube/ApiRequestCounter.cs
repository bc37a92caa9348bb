using System.Net;

namespace ElasticScaler.Service.Kube;

/// <summary>
/// Counts every request the service sends to the API server by RBAC verb and answer code, whichever client sent
/// it (the raw list/watch path, the writes, KubernetesClient's own LeaderElector): it sits in the client's handler
/// chain. The counts feed <c>elasticscaler_api_requests_total</c> and let tests prove "no reads in steady state".
/// </summary>
public sealed class ApiRequestCounter : DelegatingHandler
{
    /// <summary>Called once per answered request: verb (get, list, watch, create, update, patch, delete), resource path kind, code.</summary>
    public event Action<string, string, int>? Answered;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = VerbOf(request);
        var resource = ResourceOf(request.RequestUri);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Answered?.Invoke(verb, resource, (int)response.StatusCode);
            return response;
        }
        catch (HttpRequestException)
        {
            Answered?.Invoke(verb, resource, 0);
            throw;
        }
    }

    /// <summary>The verb as RBAC names it: a GET on a collection is a list, with watch=true a watch.</summary>
    public static string VerbOf(HttpRequestMessage request)
    {
        var method = request.Method;
        if (method == HttpMethod.Get)
        {
            var query = request.RequestUri?.Query ?? "";
            if (query.Contains("watch=true", StringComparison.OrdinalIgnoreCase) || query.Contains("watch=1", StringComparison.Ordinal)) return "watch";
            return IsCollection(request.RequestUri) ? "list" : "get";
        }
        if (method == HttpMethod.Post) return "create";
        if (method == HttpMethod.Put) return "update";
        if (method == HttpMethod.Patch) return "patch";
        if (method == HttpMethod.Delete) return "delete";
        return method.Method.ToLowerInvariant();
    }

    /// <summary>The resource (and subresource) a path names: "pods", "deployments/scale", "elasticscalers/status".</summary>
    public static string ResourceOf(Uri? uri)
    {
        var segments = Segments(uri);
        int start = segments.Length > 0 && segments[0] == "api" ? 2 : 3; // /api/v1/... or /apis/group/version/...
        if (start < segments.Length && segments[start] == "namespaces" && segments.Length > start + 2) start += 2;
        if (start >= segments.Length) return segments.Length > 0 ? segments[^1] : "";
        var resource = segments[start];
        return segments.Length > start + 2 ? $"{resource}/{segments[start + 2]}" : resource;
    }

    private static bool IsCollection(Uri? uri)
    {
        var segments = Segments(uri);
        int start = segments.Length > 0 && segments[0] == "api" ? 2 : 3;
        if (start < segments.Length && segments[start] == "namespaces")
        {
            // /api/v1/namespaces is the namespaces collection; /api/v1/namespaces/x is one namespace.
            if (segments.Length == start + 1) return true;
            if (segments.Length == start + 2) return false;
            start += 2;
        }
        return segments.Length == start + 1;
    }

    private static string[] Segments(Uri? uri) =>
        uri is null ? [] : uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

    internal static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
