using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace ElasticScaler.Service.Kube;

/// <summary>
/// JSON requests to the API server over KubernetesClient's own transport (its TLS, CA, client certificates and token
/// credentials, so kubeconfig and in-cluster config work as in any KubernetesClient program). Lists and watches are
/// read as raw JSON because the engine's one mapping (Core's KubernetesObjects) reads JSON: no typed detour.
/// </summary>
public sealed class KubeApi : IKubeWriter, IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Kubernetes _client;
    private readonly HttpClient _http;
    private readonly string _base;

    public KubeApi(Kubernetes client)
    {
        _client = client;
        // The client's own HttpClient: its handler chain (our request counter, then TLS with the cluster's CA and
        // client certificates). Its timeout bounds a request until the headers arrive, so a watch may then run for minutes.
        _http = client.HttpClient;
        _base = client.BaseUri.ToString().TrimEnd('/');
    }

    /// <summary>The typed client, for the few callers that want it (the LeaderElector's LeaseLock).</summary>
    public Kubernetes Client => _client;

    /// <summary>One page of a list: the items and the list's resourceVersion and continue token.</summary>
    /// <remarks>A <c>limit</c> of 0 asks for the whole list at once.</remarks>
    public async Task<JsonDocument> ListAsync(ApiResource resource, string? ns, int limit, string? continueToken, CancellationToken ct)
    {
        var query = limit > 0 ? $"?limit={limit}" + (continueToken is null ? "" : "&continue=" + Uri.EscapeDataString(continueToken)) : "";
        using var response = await GetStreamedAsync(resource.CollectionPath(ns) + query, "list", ct).ConfigureAwait(false);
        // Parsed from the stream into pooled buffers: a page of 500 pods is a megabyte, which read as a string
        // first would be three large-object allocations per page (the body, the string, its UTF-8 copy).
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, default, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A watch from <paramref name="resourceVersion"/> with bookmarks, ended by the server after
    /// <paramref name="timeoutSeconds"/>. Each event's document belongs to the caller, who disposes it.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ApiResource resource, string? ns, string resourceVersion, int timeoutSeconds,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var path = resource.CollectionPath(ns) + $"?watch=true&allowWatchBookmarks=true&timeoutSeconds={timeoutSeconds}&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var response = await GetStreamedAsync(path, "watch", ct).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            var line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            if (line is null) yield break;
            if (line.Length == 0) continue;
            var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            if (!root.TryGetProperty("object", out var obj))
            {
                doc.Dispose();
                continue;
            }
            yield return new WatchEvent(type, obj, doc);
        }
    }

    /// <summary>GET one object (or subresource); null when it does not exist.</summary>
    public async Task<JsonDocument?> GetAsync(string path, CancellationToken ct)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// GET a path whose absence is an error worth reporting (the metrics APIs: a missing metric is a 404 with the
    /// server's reason): the body, or <see cref="KubeApiException"/> for any answer that is not a success.
    /// </summary>
    public async Task<JsonDocument> ReadAsync(string path, CancellationToken ct) =>
        await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false) ?? throw new JsonException($"GET {path} answered an empty body");

    public Task<JsonDocument?> CreateAsync(string collectionPath, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, collectionPath, body, Json, ct);

    public Task<JsonDocument?> ReplaceAsync(string path, JsonNode body, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, body, Json, ct);

    /// <summary>A JSON merge patch (RFC 7386).</summary>
    public Task<JsonDocument?> MergePatchAsync(string path, JsonNode patch, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, patch, new MediaTypeHeaderValue("application/merge-patch+json"), ct);

    /// <summary>A JSON patch (RFC 6902), for the test-and-set edits a merge patch cannot say (finalizers).</summary>
    public Task<JsonDocument?> JsonPatchAsync(string path, JsonNode patch, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, patch, new MediaTypeHeaderValue("application/json-patch+json"), ct);

    /// <summary>
    /// Server-side apply (PATCH application/apply-patch+yaml; a JSON body is YAML) as <paramref name="fieldManager"/>:
    /// creates the object when absent. Without <paramref name="force"/> a field another manager owns is a 409 Conflict.
    /// </summary>
    public Task<JsonDocument?> ApplyAsync(string path, JsonNode body, string fieldManager, bool force, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"{path}?fieldManager={Uri.EscapeDataString(fieldManager)}{(force ? "&force=true" : "")}", body,
            new MediaTypeHeaderValue("application/apply-patch+yaml"), ct);

    public Task<JsonDocument?> DeleteAsync(string path, JsonNode? options, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, path, options, options is null ? null : Json, ct);

    private async Task<JsonDocument?> SendAsync(HttpMethod method, string path, JsonNode? body, MediaTypeHeaderValue? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, _base + path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = contentType ?? Json;
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await AuthorizeAsync(request, ct).ConfigureAwait(false);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw KubeApiException.From(response.StatusCode, text, ApiRequestCounter.VerbOf(request), path);
        return text.Length == 0 ? null : JsonDocument.Parse(text);
    }

    /// <summary>A GET whose body the caller streams (a list page, a watch): the response once its headers are in, or the API's error.</summary>
    private async Task<HttpResponseMessage> GetStreamedAsync(string path, string verb, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _base + path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        await AuthorizeAsync(request, ct).ConfigureAwait(false);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw KubeApiException.From(response.StatusCode, body, verb, path);
        }
    }

    private async Task AuthorizeAsync(HttpRequestMessage request, CancellationToken ct)
    {
        // KubernetesClient adds bearer tokens (static, file-refreshed in cluster, exec plugins) per request.
        if (_client.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
    }

    /// <summary>The HttpClient belongs to the Kubernetes client, which disposes it.</summary>
    public void Dispose() => _client.Dispose();
}

/// <summary>One watch event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, with its object; disposing frees the JSON.</summary>
public sealed class WatchEvent(string type, JsonElement obj, JsonDocument document) : IDisposable
{
    public string Type { get; } = type;
    public JsonElement Object { get; } = obj;
    public void Dispose() => document.Dispose();
}
