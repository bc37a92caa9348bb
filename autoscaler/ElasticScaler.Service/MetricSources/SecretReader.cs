using System.Net;
using System.Text;
using System.Text.Json;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// The Secret keys a metric source's credentials and CA come from, read with GET in the scaler's namespace and
/// kept for one sync period, so the scalers and syncs of that period share one read and a rotated Secret is seen
/// within a period. Values never leave this class but as request credentials: no log, status, event or dump
/// carries them. The service's ClusterRole does not grant Secrets; each namespace opts in with a RoleBinding to
/// the <c>elasticscaler-secret-reader</c> ClusterRole (deploy/rbac/secret-reader.yaml).
/// </summary>
public sealed partial class SecretReader(KubeApi api, TimeProvider time, TimeSpan freshFor)
{
    /// <summary>The ClusterRole a namespace binds to let the service read its Secrets.</summary>
    public const string ClusterRole = "elasticscaler-secret-reader";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Ns, string Name), (Task<IReadOnlyDictionary<string, byte[]>> Read, DateTimeOffset At)> _cache = [];

    /// <summary>
    /// The value of one key, or <see cref="MetricSourceException"/> naming what is wrong and the fix; the
    /// <paramref name="field"/> (e.g. "spec.metrics[0].prometheus.bearerTokenSecret") says which reference it was.
    /// </summary>
    public async Task<byte[]> ReadAsync(string ns, SecretKeySelector secret, string field, CancellationToken ct)
    {
        var data = await DataAsync(ns, secret.Name, field, ct).ConfigureAwait(false);
        return data.TryGetValue(secret.Key, out var value)
            ? value
            : throw new MetricSourceException(FailureReason.NotFound,
                $"{field}: Secret {ns}/{secret.Name} has no key \"{secret.Key}\" (its keys: {string.Join(", ", data.Keys.Order(StringComparer.Ordinal))})");
    }

    /// <summary>A key's value as UTF-8 text, trimmed of the final newline a file-made Secret often has.</summary>
    public async Task<string> ReadTextAsync(string ns, SecretKeySelector secret, string field, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadAsync(ns, secret, field, ct).ConfigureAwait(false)).TrimEnd('\r', '\n');

    private Task<IReadOnlyDictionary<string, byte[]>> DataAsync(string ns, string name, string field, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            // A failed read is not kept: the next sync tries again (a RoleBinding or the Secret may have been added).
            if (_cache.TryGetValue((ns, name), out var hit) && now - hit.At < freshFor && !hit.Read.IsFaulted && !hit.Read.IsCanceled)
                return hit.Read;
            var read = FetchAsync(ns, name, field, ct);
            _cache[(ns, name)] = (read, now);
            // Secrets of deleted scalers would otherwise stay in memory for the process's life.
            foreach (var old in _cache.Where(kv => now - kv.Value.At >= freshFor).Select(kv => kv.Key).ToList()) _cache.Remove(old);
            return read;
        }
    }

    private async Task<IReadOnlyDictionary<string, byte[]>> FetchAsync(string ns, string name, string field, CancellationToken ct)
    {
        JsonDocument? doc;
        try
        {
            doc = await api.GetAsync(ApiResource.Secrets.ObjectPath(ns, name), ct).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Status == HttpStatusCode.Forbidden)
        {
            throw new MetricSourceException(FailureReason.Forbidden,
                $"{field}: the service may not read Secrets in namespace {ns}; let it with " +
                $"kubectl create rolebinding elasticscaler-secret-reader --clusterrole={ClusterRole} --serviceaccount={ServiceAccountOf(e.ApiMessage)} -n {ns}");
        }
        catch (Exception e) when (TransportFailures.FromKube(e, $"{field}: cannot read Secret {ns}/{name}: ") is { } failure)
        {
            throw failure;
        }
        if (doc is null) throw new MetricSourceException(FailureReason.NotFound, $"{field}: Secret {ns}/{name} not found");
        using (doc)
        {
            var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
                foreach (var p in d.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String && TryBase64(p.Value.GetString()!, out var bytes)) data[p.Name] = bytes;
            // stringData is write-only in a real API server; a server that echoes it is taken at its word.
            if (doc.RootElement.TryGetProperty("stringData", out var sd) && sd.ValueKind == JsonValueKind.Object)
                foreach (var p in sd.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String) data.TryAdd(p.Name, Encoding.UTF8.GetBytes(p.Value.GetString()!));
            return data;
        }
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    /// <summary>
    /// The service account as the API server's refusal names it ("User \"system:serviceaccount:elasticscaler:elasticscaler\"
    /// cannot get ..."), so the fix names whoever the service runs as; deploy/'s account when the message does not say.
    /// </summary>
    internal static string ServiceAccountOf(string forbidden) =>
        ServiceAccountUser().Match(forbidden) is { Success: true } m ? $"{m.Groups[1].Value}:{m.Groups[2].Value}" : "elasticscaler:elasticscaler";

    [System.Text.RegularExpressions.GeneratedRegex("User \"system:serviceaccount:([^:\"]+):([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex ServiceAccountUser();
}
