using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// One ElasticScaler made from the sources of one scale target: the object (fields in the order they are
/// written), the comments keyed by the JSON path they belong at ("spec.schedules[0].end"; a path that names
/// no field puts the comment where that field would go), the notes for a person, and the sources it replaces.
/// </summary>
public sealed record ImportedScaler(
    string? Namespace,
    string Name,
    JsonObject Object,
    IReadOnlyList<string> Header,
    IReadOnlyList<(string Path, string Text)> Comments,
    IReadOnlyList<ImportNote> Notes,
    IReadOnlyList<SourceRef> Sources)
{
    public const string ApiVersion = "autoscaling.elasticscaler.io/v1alpha1";
    public const string Kind = "ElasticScaler";
    /// <summary>Names the objects an ElasticScaler was imported from, for a person reading it in the cluster.</summary>
    public const string ImportedFrom = "autoscaling.elasticscaler.io/imported-from";
}
