using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace ElasticScaler.Demo.Cluster;

/// <summary>
/// The demo's own requests to the API server, as a user's kubectl makes them: server-side apply of any kind (its
/// path found by discovery), GETs, and the typed client for list+watch. Credentials and TLS come from the kubeconfig
/// through KubernetesClient.
/// </summary>
public sealed class ApiClient : IDisposable
{
    /// <summary>The field manager of everything the demo applies (kubectl's is kubectl-client-side-apply / kubectl).</summary>
    public const string FieldManager = "elasticscaler-demo";

    private readonly Dictionary<(string ApiVersion, string Kind), (string Plural, bool Namespaced)> _kinds = [];
    private readonly string _base;

    public ApiClient(string kubeconfig)
    {
        Typed = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        _base = Typed.BaseUri.ToString().TrimEnd('/');
    }

    public Kubernetes Typed { get; }

    /// <summary>Server-side apply of <paramref name="obj"/> (created when absent); returns the object as stored.</summary>
    public async Task<JsonObject> ApplyAsync(JsonObject obj, CancellationToken ct)
    {
        var apiVersion = (string?)obj["apiVersion"] ?? throw new InvalidDataException("an object without apiVersion");
        var kind = (string?)obj["kind"] ?? throw new InvalidDataException("an object without kind");
        var name = (string?)obj["metadata"]?["name"] ?? throw new InvalidDataException($"a {kind} without metadata.name");
        var (plural, namespaced) = await ResourceAsync(apiVersion, kind, ct).ConfigureAwait(false);
        var ns = (string?)obj["metadata"]?["namespace"] ?? "default";
        var prefix = apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
        var path = namespaced ? $"{prefix}/namespaces/{ns}/{plural}/{name}" : $"{prefix}/{plural}/{name}";
        var text = await SendAsync(HttpMethod.Patch, $"{path}?fieldManager={FieldManager}&fieldValidation=Strict", obj.ToJsonString(), "application/apply-patch+yaml", ct).ConfigureAwait(false);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GET of an API path; null for 404.</summary>
    public async Task<JsonObject?> GetAsync(string path, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await SendAsync(HttpMethod.Get, path, null, null, ct).ConfigureAwait(false))!.AsObject();
        }
        catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<(string Plural, bool Namespaced)> ResourceAsync(string apiVersion, string kind, CancellationToken ct)
    {
        if (_kinds.TryGetValue((apiVersion, kind), out var known))
            return known;
        var discovery = await GetAsync(apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}", ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"the API server does not serve {apiVersion}");
        foreach (var r in discovery["resources"]!.AsArray())
        {
            var plural = (string)r!["name"]!;
            if (!plural.Contains('/'))
                _kinds[(apiVersion, (string)r["kind"]!)] = (plural, (bool)r["namespaced"]!);
        }
        return _kinds.TryGetValue((apiVersion, kind), out var found) ? found : throw new InvalidDataException($"the API server serves no {kind} in {apiVersion}");
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, _base + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Typed.Credentials is { } credentials)
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        using var response = await Typed.HttpClient.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var message = text;
            try
            {
                message = JsonDocument.Parse(text).RootElement.GetProperty("message").GetString() ?? text;
            }
            catch (JsonException)
            {
            }
            catch (KeyNotFoundException)
            {
            }
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {message}", null, response.StatusCode);
        }
        return text;
    }

    public void Dispose() => Typed.Dispose();
}
