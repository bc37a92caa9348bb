using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace ElasticScaler.Bench.Controller;

/// <summary>One request the sim's audit recorded (docs/sim.md "Request audit").</summary>
public sealed record AuditEntry(DateTimeOffset At, string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name, int Code);

/// <summary>The sim as its admin: the Kubernetes API with the admin kubeconfig's token and CA, and the /sim/ admin endpoints.</summary>
public sealed class SimApi : IDisposable
{
    private readonly HttpClient _http;

    public SimApi(string adminKubeconfig)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(adminKubeconfig);
        var ca = config.SslCaCerts?.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>().Single()
            ?? throw new BenchFailedException($"{adminKubeconfig}: no certificate-authority-data");
        // The sim's certificate is self-signed: it is its own CA.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 32,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == ca.Thumbprint },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri(config.Host), Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);
    }

    /// <summary>Creates the object; one that already exists is left as it is.</summary>
    public async Task CreateAsync(string collectionPath, JsonObject obj, CancellationToken ct)
    {
        using var res = await SendAsync(HttpMethod.Post, collectionPath, obj.ToJsonString(), ct);
        if (res.StatusCode == HttpStatusCode.Conflict) return;
        await EnsureAsync(res, "POST " + collectionPath, ct);
    }

    public async Task<JsonObject> GetAsync(string path, CancellationToken ct)
    {
        using var res = await SendAsync(HttpMethod.Get, path, null, ct);
        await EnsureAsync(res, "GET " + path, ct);
        return JsonNode.Parse(await res.Content.ReadAsStreamAsync(ct))!.AsObject();
    }

    public async Task<JsonObject> PutAsync(string path, JsonObject body, CancellationToken ct)
    {
        using var res = await SendAsync(HttpMethod.Put, path, body.ToJsonString(), ct);
        await EnsureAsync(res, "PUT " + path, ct);
        return JsonNode.Parse(await res.Content.ReadAsStreamAsync(ct))!.AsObject();
    }

    /// <summary>Sets every pod of <paramref name="ns"/> to <paramref name="cpuMillis"/> in container app; returns the pods set.</summary>
    public async Task<int> SetPodMetricsAsync(string ns, long cpuMillis, CancellationToken ct)
    {
        var body = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["cpu"] = $"{cpuMillis}m", ["memory"] = "32Mi" }) };
        var answer = await PutAsync($"/sim/metrics/pods/{ns}", body, ct);
        return (int)answer["pods"]!;
    }

    /// <summary>The audit's records of <paramref name="user"/> since the last drain, and forgets them (one step: none lost between polls).</summary>
    public async Task<(List<AuditEntry> Entries, long Dropped)> DrainAuditAsync(string user, CancellationToken ct)
    {
        using var res = await SendAsync(HttpMethod.Post, "/sim/audit/drain?user=" + Uri.EscapeDataString(user), null, ct);
        await EnsureAsync(res, "POST /sim/audit/drain", ct);
        using var doc = await JsonDocument.ParseAsync(await res.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var entries = new List<AuditEntry>();
        foreach (var i in doc.RootElement.GetProperty("items").EnumerateArray())
            entries.Add(new AuditEntry(
                DateTimeOffset.Parse(i.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                i.GetProperty("verb").GetString()!, i.GetProperty("group").GetString()!, i.GetProperty("resource").GetString()!,
                i.GetProperty("subresource").GetString(), i.GetProperty("namespace").GetString(), i.GetProperty("name").GetString(),
                i.GetProperty("code").GetInt32()));
        return (entries, doc.RootElement.GetProperty("dropped").GetInt64());
    }

    /// <summary>Every object of a manifest file (CRD, RBAC kinds, Namespace, ServiceAccount) created as <c>kubectl apply</c> would create it.</summary>
    public async Task ApplyFileAsync(string file, CancellationToken ct)
    {
        foreach (var obj in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file, ct)))
        {
            var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
            var apiVersion = (string)json["apiVersion"]!;
            var kind = (string)json["kind"]!;
            var ns = (string?)json["metadata"]?["namespace"];
            var prefix = apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{apiVersion}";
            var plural = kind.ToLowerInvariant() switch
            {
                var k when k.EndsWith('y') => k[..^1] + "ies",
                var k => k + "s",
            };
            await CreateAsync(ns is null ? $"{prefix}/{plural}" : $"{prefix}/namespaces/{ns}/{plural}", json, ct);
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct)
    {
        var req = new HttpRequestMessage(method, path);
        if (body is not null) req.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage res, string what, CancellationToken ct)
    {
        if (res.IsSuccessStatusCode) return;
        var text = await res.Content.ReadAsStringAsync(ct);
        throw new BenchFailedException($"{what}: {(int)res.StatusCode} {text[..Math.Min(text.Length, 500)]}");
    }

    public void Dispose() => _http.Dispose();
}
