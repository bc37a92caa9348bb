namespace ElasticScaler.Sim.Registry;

/// <summary>
/// The served kinds, looked up by group/version/plural. Built-ins are fixed; CRDs add and remove their types at run time,
/// so every reader takes a snapshot.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private IReadOnlyList<ResourceType> _types;
    private readonly IReadOnlyList<ResourceType> _builtins;

    public ResourceRegistry(IEnumerable<ResourceType> builtins)
    {
        _builtins = builtins.ToList();
        _types = _builtins;
    }

    /// <summary>Bumped on every CRD change; discovery and OpenAPI hashes derive from it.</summary>
    public long Generation { get; private set; }

    public IReadOnlyList<ResourceType> Types
    {
        get { lock (_gate) return _types; }
    }

    /// <summary>The kind served at group/version/plural; a metrics API row answers for every plural of its group-version.</summary>
    public ResourceType? Find(string group, string version, string plural)
    {
        foreach (var t in Types)
            if (t.Group == group && t.Version == version && (t.Plural == plural || t.IsMetricsApi))
                return t;
        return null;
    }

    /// <summary>
    /// A stored kind by its group-qualified resource, as client-go's GroupResource prints it ("pods", "deployments.apps",
    /// "widgets.example.com"): the plural up to the first dot, the group after it. Metrics API rows are not kinds.
    /// </summary>
    public ResourceType? FindGroupResource(string groupResource)
    {
        var dot = groupResource.IndexOf('.');
        var (plural, group) = dot < 0 ? (groupResource, "") : (groupResource[..dot], groupResource[(dot + 1)..]);
        return Types.FirstOrDefault(t => t.Group == group && t.Plural == plural && !t.IsVirtual);
    }

    /// <summary>The first served version of a resource (for internal callers that do not care about versions).</summary>
    public ResourceType? FindAnyVersion(string group, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Plural == plural);

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        Types.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    public bool HasGroupVersion(string group, string version) => Types.Any(t => t.Group == group && t.Version == version);

    /// <summary>Groups in the order discovery lists them: core first, then built-ins in table order, then CRD groups.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups()
    {
        var order = new List<string>();
        var versions = new Dictionary<string, List<string>>();
        foreach (var t in Types)
        {
            if (!versions.TryGetValue(t.Group, out var list))
            {
                order.Add(t.Group);
                versions[t.Group] = list = [];
            }
            if (!list.Contains(t.Version))
                list.Add(t.Version);
        }
        return order.Select(g => (g, (IReadOnlyList<string>)SortVersions(versions[g]))).ToList();
    }

    /// <summary>Replaces every type a CRD serves (an empty list removes them).</summary>
    public void SetCustomTypes(string group, string plural, IReadOnlyList<ResourceType> types)
    {
        lock (_gate)
        {
            var rest = _types.Where(t => !(t.IsCustom && t.Group == group && t.Plural == plural)).ToList();
            rest.AddRange(types);
            _types = rest;
            Generation++;
        }
    }

    public bool IsBuiltinGroup(string group) => _builtins.Any(t => t.Group == group);

    /// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first.</summary>
    internal static List<string> SortVersions(IEnumerable<string> versions) =>
        versions.OrderBy(VersionRank).ThenByDescending(v => v, StringComparer.Ordinal).ToList();

    private static int VersionRank(string v) => v.Contains("alpha", StringComparison.Ordinal) ? 2 : v.Contains("beta", StringComparison.Ordinal) ? 1 : 0;
}
