using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// The whole conversion, pure: documents in, ElasticScalers out, with the notes for a person, the lines about
/// what was skipped, and the malformed sources (which make the caller write nothing). <c>kind: List</c> (and
/// typed lists such as HorizontalPodAutoscalerList) are opened; an HPA that KEDA owns is skipped in favour of its
/// ScaledObject; kinds import does not read are skipped with a line, not an error.
/// </summary>
public static class Importer
{
    public sealed record Result(
        IReadOnlyList<ImportedScaler> Scalers,
        IReadOnlyList<ImportNote> Notes,
        IReadOnlyList<string> Skipped,
        IReadOnlyList<MalformedSource> Malformed);

    public static Result Convert(IReadOnlyList<SourceDocument> documents, ImportSettings settings)
    {
        var scalers = new List<ScalerPart>();
        var crons = new List<CronPart>();
        var skipped = new List<string>();
        var malformed = new List<MalformedSource>();
        foreach (var (origin, obj) in Flatten(documents))
        {
            var apiVersion = SourceFields.Str(obj["apiVersion"]);
            var kind = SourceFields.Str(obj["kind"]);
            var what = $"{kind ?? "(no kind)"} {Identity(obj)}";
            if (apiVersion is null || kind is null)
            {
                skipped.Add($"skipped: {origin}: no apiVersion and kind, so not a Kubernetes object");
                continue;
            }
            var f = new SourceFields();
            if (HpaSource.Reads(apiVersion, kind))
            {
                if (HpaSource.OwningScaledObject(obj) is { } owner)
                {
                    skipped.Add($"skipped: {origin}: {what}: KEDA made it for ScaledObject {owner}, which is imported instead");
                    continue;
                }
                if (HpaSource.Read(obj, f) is { } part) scalers.Add(part);
            }
            else if (CronHpaSource.Reads(apiVersion, kind))
            {
                if (CronHpaSource.Read(obj, f) is { } part) crons.Add(part);
            }
            else if (ScaledObjectSource.Reads(apiVersion, kind))
            {
                if (ScaledObjectSource.Read(obj, f) is { } part) scalers.Add(part);
            }
            else
            {
                skipped.Add($"skipped: {origin}: {apiVersion} {what}: import reads autoscaling/v2 and v1 HorizontalPodAutoscaler, " +
                            $"{CronHpaSource.ApiVersion} CronHorizontalPodAutoscaler and {ScaledObjectSource.ApiVersion} ScaledObject");
                continue;
            }
            if (f.Problems.Count > 0) malformed.Add(new MalformedSource(origin, what, f.Problems));
        }
        if (malformed.Count > 0) return new Result([], [], skipped, malformed);

        var merged = ScalerMerge.Merge(scalers, crons, settings);
        var notes = new List<ImportNote>(merged.Unplaced);
        foreach (var s in merged.Scalers) notes.AddRange(s.Notes);
        return new Result(merged.Scalers, notes, skipped, []);
    }

    private static string Identity(JsonObject obj)
    {
        var meta = obj["metadata"] as JsonObject;
        var name = meta?["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "(no name)";
        var ns = meta?["namespace"] is JsonValue x && x.TryGetValue<string>(out var t) && t.Length > 0 ? t : "(no namespace)";
        return $"{ns}/{name}";
    }

    /// <summary>Opens lists: <c>kind: List</c>, or a typed list whose items may lack apiVersion and kind (the API omits them).</summary>
    private static IEnumerable<(string Origin, JsonObject Object)> Flatten(IReadOnlyList<SourceDocument> documents)
    {
        foreach (var d in documents)
        {
            var kind = SourceFields.Str(d.Object["kind"]);
            if (kind is not null && kind.EndsWith("List", StringComparison.Ordinal) && d.Object["items"] is JsonArray items)
            {
                var itemKind = kind == "List" ? null : kind[..^"List".Length];
                var apiVersion = SourceFields.Str(d.Object["apiVersion"]);
                for (int i = 0; i < items.Count; i++)
                {
                    if (items[i] is not JsonObject item) continue;
                    if (itemKind is not null)
                    {
                        item["kind"] ??= itemKind;
                        if (apiVersion is not null) item["apiVersion"] ??= apiVersion;
                    }
                    yield return ($"{d.Origin}, items[{i}]", item);
                }
                continue;
            }
            yield return (d.Origin, d.Object);
        }
    }
}
