namespace ElasticScaler.Sim.Semantics;

/// <summary>Query options of a write: dryRun=All, fieldManager, fieldValidation, force (apply), and the subresource written.</summary>
public sealed record WriteOptions(
    bool DryRun = false,
    string? FieldManager = null,
    string FieldValidation = "Strict",
    bool Force = false,
    string? Subresource = null)
{
    public static readonly WriteOptions Default = new();
}

/// <summary>DeleteOptions from the body or query: propagationPolicy (Background, Foreground, Orphan), preconditions, dry run.</summary>
public sealed record DeleteOptions(
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false,
    long? GracePeriodSeconds = null)
{
    public static readonly DeleteOptions Default = new();
}

/// <summary>One page of a list: items (stored form), the list resourceVersion, and the continue token if more remain.</summary>
public sealed record ListPage(IReadOnlyList<Store.StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
