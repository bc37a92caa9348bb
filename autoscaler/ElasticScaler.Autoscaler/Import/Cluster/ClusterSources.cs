using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Import.Convert;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Autoscaler.Import.Cluster;

/// <summary>
/// <c>--from-cluster</c>: lists HPAs (autoscaling/v2), CronHPAs and ScaledObjects in one namespace or all, each kind
/// only when the API serves it (discovery: a cluster without KEDA has no keda.sh group, and that is no error).
/// </summary>
public static class ClusterSources
{
    public static async Task<IReadOnlyList<SourceDocument>> ListAsync(KubeApi api, string? ns, TextWriter stderr, CancellationToken ct)
    {
        var documents = new List<SourceDocument>();
        foreach (var kind in SourceKinds.All)
        {
            if (!await ServedAsync(api, kind, ct).ConfigureAwait(false))
            {
                stderr.WriteLine($"skipped: cluster: {kind.ApiVersion} {kind.Kind} is not served here");
                continue;
            }
            string? next = null;
            do
            {
                using var page = await api.ListAsync(kind, ns, 500, next, ct).ConfigureAwait(false);
                var list = JsonNode.Parse(page.RootElement.GetRawText())!.AsObject();
                foreach (var item in (list["items"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    // A list's items may come without apiVersion and kind; they are the list's.
                    item["apiVersion"] ??= kind.ApiVersion;
                    item["kind"] ??= kind.Kind;
                    var name = SourceFields.Str(item["metadata"]?["name"]);
                    var itemNs = SourceFields.Str(item["metadata"]?["namespace"]);
                    documents.Add(new SourceDocument($"cluster {kind.Kind} {itemNs}/{name}", item.DeepClone().AsObject()));
                }
                next = SourceFields.Str(list["metadata"]?["continue"]) is { Length: > 0 } c ? c : null;
            }
            while (next is not null);
        }
        return documents;
    }

    private static async Task<bool> ServedAsync(KubeApi api, ApiResource kind, CancellationToken ct)
    {
        using var doc = await api.GetAsync($"/apis/{kind.Group}/{kind.Version}", ct).ConfigureAwait(false);
        if (doc is null || !doc.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array) return false;
        return resources.EnumerateArray().Any(r => r.TryGetProperty("name", out var n) && n.GetString() == kind.Plural);
    }
}
