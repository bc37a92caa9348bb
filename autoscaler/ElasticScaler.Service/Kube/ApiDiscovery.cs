using System.Collections.Concurrent;
using System.Text.Json;

namespace ElasticScaler.Service.Kube;

/// <summary>
/// A kind's REST resource from its group-version's discovery document (<c>/api/v1</c>, <c>/apis/apps/v1</c>), as
/// client-go's RESTMapper finds it: for a scale target (a kind with a <c>/scale</c> subresource) and for the object
/// an Object metric describes. Found kinds are kept (kinds do not move); a kind not served yet is asked again,
/// since its CRD may be installed later.
/// </summary>
public sealed class ApiDiscovery(KubeApi api)
{
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind, string? Subresource), ApiResource> _found = new();

    /// <summary>
    /// The resource serving <paramref name="kind"/> in <paramref name="apiVersion"/> ("" or "v1" for the core group),
    /// and, when <paramref name="subresource"/> is given, only if it serves that subresource; null when none does.
    /// </summary>
    public async Task<ApiResource?> FindAsync(string apiVersion, string kind, string? subresource, CancellationToken ct)
    {
        if (_found.TryGetValue((apiVersion, kind, subresource), out var known)) return known;
        var path = apiVersion.Contains('/') ? $"/apis/{apiVersion}" : $"/api/{(apiVersion.Length == 0 ? "v1" : apiVersion)}";
        using var doc = await api.GetAsync(path, ct).ConfigureAwait(false);
        ApiResource? found = null;
        if (doc is not null && doc.RootElement.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array)
        {
            var names = resources.EnumerateArray().Select(r => r.GetProperty("name").GetString() ?? "").ToHashSet(StringComparer.Ordinal);
            foreach (var r in resources.EnumerateArray())
            {
                var name = r.GetProperty("name").GetString() ?? "";
                if (name.Contains('/') || r.GetProperty("kind").GetString() != kind) continue;
                if (subresource is not null && !names.Contains($"{name}/{subresource}")) continue;
                var slash = apiVersion.IndexOf('/');
                found = new ApiResource(slash < 0 ? "" : apiVersion[..slash], slash < 0 ? (apiVersion.Length == 0 ? "v1" : apiVersion) : apiVersion[(slash + 1)..], name, kind,
                    r.TryGetProperty("namespaced", out var nsd) && nsd.ValueKind == JsonValueKind.True);
                break;
            }
        }
        if (found is not null) _found[(apiVersion, kind, subresource)] = found;
        return found;
    }
}
