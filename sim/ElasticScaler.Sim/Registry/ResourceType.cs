using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Registry;

/// <summary>Where a scale subresource reads and writes replicas (JSON paths in the ".spec.replicas" form).</summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);

/// <summary>A CRD additionalPrinterColumn (or a built-in column), rendered into server-side tables.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Format = "", int Priority = 0, string Description = "");

/// <summary>
/// One row of the kind table: everything discovery, storage, tables and validation need to serve a resource.
/// Built-ins and CRDs are both described by this record, so one generic handler serves them all.
/// </summary>
public sealed record ResourceType
{
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public string? SingularName { get; init; }
    public string Singular => SingularName ?? Kind.ToLowerInvariant();
    public bool Namespaced { get; init; } = true;
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;
    /// <summary>Serves /status; the main resource then ignores status and /status ignores the rest.</summary>
    public bool HasStatusSubresource { get; init; }
    public ScalePaths? Scale { get; init; }
    /// <summary>metadata.generation is kept (1 on create, +1 on spec change).</summary>
    public bool HasGeneration { get; init; }
    /// <summary>Deployment: annotation changes also bump generation.</summary>
    public bool AnnotationsBumpGeneration { get; init; }
    /// <summary>
    /// The metadata fields a /status write resets to the old object's while it takes the rest of metadata from the request
    /// (the status strategy's PrepareForUpdate: Deployment resets spec and labels, ReplicaSet only spec). Null: /status
    /// keeps all the old metadata, as the custom resource status strategy does.
    /// </summary>
    public IReadOnlyList<string>? StatusResetsMetadata { get; init; }
    /// <summary>PUT may create the object (Lease).</summary>
    public bool AllowCreateOnUpdate { get; init; }
    /// <summary>PUT without metadata.resourceVersion is rejected (Lease, CRs).</summary>
    public bool RequireResourceVersionOnUpdate { get; init; }
    /// <summary>DELETE answers the object instead of a Status (pods, serviceaccounts).</summary>
    public bool ReturnDeletedObject { get; init; }
    /// <summary>Served from a CRD: strategic merge patch is refused (415) and the schema validates.</summary>
    public bool IsCustom { get; init; }
    /// <summary>Read-only virtual resource computed on request (metrics.k8s.io).</summary>
    public bool IsVirtual { get; init; }
    /// <summary>
    /// An aggregated metrics API (custom.metrics.k8s.io, external.metrics.k8s.io): the row serves every resource a path
    /// names under its group-version (the described object's resource, or an external metric's name), and discovery
    /// lists the metrics known at the time in its place, as the API server lists what an adapter reports.
    /// </summary>
    public bool IsMetricsApi { get; init; }
    /// <summary>Other subresources listed in discovery (e.g. pods/eviction) with their verbs, kind and group/version.</summary>
    public IReadOnlyList<ExtraSubresource> ExtraSubresources { get; init; } = [];
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }
    /// <summary>The openAPIV3Schema of a CRD version (validation, defaults, explain).</summary>
    public JsonObject? Schema { get; init; }
    /// <summary>Field selectors this kind supports beyond metadata.name/metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];
    /// <summary>Objects of two group-versions may share one store (core and events.k8s.io events).</summary>
    public string? StorageKeyOverride { get; init; }

    public string StorageKey => StorageKeyOverride ?? (Group.Length == 0 ? Plural : Plural + "." + Group);
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
    public string GroupVersion => ApiVersion;
    /// <summary>"deployments.apps" or "pods": the name kubectl and error messages use.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;
    /// <summary>"Deployment.apps" or "Pod": the kind name used in Invalid messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : Kind + "." + Group;
    public string ListKind => Kind + "List";
    public string PathPrefix => Group.Length == 0 ? "/api/v1" : $"/apis/{Group}/{Version}";
}

/// <summary>A subresource that is not status or scale, served by a dedicated handler (eviction, binding, finalize).</summary>
public sealed record ExtraSubresource(string Name, string Kind, IReadOnlyList<string> Verbs, string Group = "", string Version = "");
