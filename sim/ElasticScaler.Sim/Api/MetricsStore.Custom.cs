using System.Collections.Concurrent;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// One custom metric value of one object: the series' labels (what metricLabelSelector matches), the sample time and,
/// when known, the window it was computed over (absent, the API omits windowSeconds, as prometheus-adapter does).
/// </summary>
public sealed record CustomMetricValue(decimal Value, IReadOnlyDictionary<string, string> Labels, DateTimeOffset At, long? WindowSeconds);

/// <summary>One series of an external metric: its labels (what labelSelector matches) and its value.</summary>
public sealed record ExternalSeries(IReadOnlyDictionary<string, string> Labels, decimal Value)
{
    public ExternalSeries(decimal value) : this(new Dictionary<string, string>(), value)
    {
    }
}

/// <summary>Every series of one external metric in one namespace, sampled together.</summary>
public sealed record ExternalMetricValue(IReadOnlyList<ExternalSeries> Series, DateTimeOffset At, long? WindowSeconds);

/// <summary>
/// The values custom.metrics.k8s.io and external.metrics.k8s.io serve. Custom values describe one object each, keyed
/// by its namespace ("" or null for cluster-scoped objects and for Namespaces themselves), its group-qualified resource
/// as client-go's custom metrics client sends it ("pods", "services", "deployments.apps"), its name and the metric.
/// Two layers: what the demo app publishes every tick (<see cref="PublishCustom"/>) and what a test or the admin API
/// sets (<see cref="SetCustom"/>), which wins until it is removed, so a set value is not overwritten by the next tick.
/// </summary>
public sealed partial class MetricsStore
{
    private readonly ConcurrentDictionary<CustomKey, CustomMetricValue> _customSet = new();
    private readonly ConcurrentDictionary<CustomKey, CustomMetricValue> _customPublished = new();
    private readonly ConcurrentDictionary<(string Ns, string Metric), ExternalMetricValue> _external = new();

    /// <summary>Sets one object's value, over whatever the demo app publishes for it. Throws ArgumentException naming a bad argument.</summary>
    public void SetCustom(string? ns, string resource, string name, string metric, decimal value, IReadOnlyDictionary<string, string>? labels,
        DateTimeOffset at, long? windowSeconds = null) =>
        _customSet[Key(ns, resource, name, metric)] = Value(value, labels, at, windowSeconds);

    /// <summary>Removes a value set with <see cref="SetCustom"/> (a published one shows again); false when none was set.</summary>
    public bool RemoveCustom(string? ns, string resource, string name, string metric) =>
        _customSet.TryRemove(Key(ns, resource, name, metric), out _);

    /// <summary>The demo app's feed: replaced every tick, hidden by a value set for the same object and metric.</summary>
    public void PublishCustom(string? ns, string resource, string name, string metric, decimal value, IReadOnlyDictionary<string, string>? labels,
        DateTimeOffset at, long? windowSeconds = null) =>
        _customPublished[Key(ns, resource, name, metric)] = Value(value, labels, at, windowSeconds);

    /// <summary>Drops a published value (the object left the app).</summary>
    public bool UnpublishCustom(string? ns, string resource, string name, string metric) =>
        _customPublished.TryRemove(Key(ns, resource, name, metric), out _);

    /// <summary>The value served for one object: the set one, else the published one, else null.</summary>
    public CustomMetricValue? Custom(string? ns, string resource, string name, string metric)
    {
        var key = new CustomKey(ns ?? "", resource, name, metric);
        return _customSet.TryGetValue(key, out var v) || _customPublished.TryGetValue(key, out v) ? v : null;
    }

    /// <summary>Every (resource, metric) pair some object has a value for, in name order: what discovery lists.</summary>
    public IReadOnlyList<(string Resource, string Metric)> CustomMetrics() =>
        _customSet.Keys.Concat(_customPublished.Keys).Select(k => (k.Resource, k.Metric)).Distinct()
            .OrderBy(p => p.Resource, StringComparer.Ordinal).ThenBy(p => p.Metric, StringComparer.Ordinal).ToList();

    /// <summary>Whether any object of <paramref name="resource"/>, in any namespace, has a value of <paramref name="metric"/>.</summary>
    public bool IsCustomMetric(string resource, string metric) =>
        _customSet.Keys.Concat(_customPublished.Keys).Any(k => k.Resource == resource && k.Metric == metric);

    /// <summary>Replaces every series of an external metric in a namespace (an empty list: known, with no series).</summary>
    public void SetExternal(string ns, string metric, IReadOnlyList<ExternalSeries> series, DateTimeOffset at, long? windowSeconds = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ns);
        CheckSegment(metric, nameof(metric));
        ArgumentNullException.ThrowIfNull(series);
        CheckWindow(windowSeconds);
        var copy = series.Select((s, i) => s with { Labels = Labels(s.Labels, $"series[{i}].labels") }).ToList();
        _external[(ns, metric)] = new ExternalMetricValue(copy, at, windowSeconds);
    }

    public bool RemoveExternal(string ns, string metric) => _external.TryRemove((ns, metric), out _);

    public ExternalMetricValue? External(string ns, string metric) => _external.TryGetValue((ns, metric), out var v) ? v : null;

    /// <summary>Every external metric name known in some namespace, in name order.</summary>
    public IReadOnlyList<string> ExternalMetrics() =>
        _external.Keys.Select(k => k.Metric).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The key of one object's value. The resource must be one the sim serves, named as client-go does: the described
    /// object's kind comes from it (prometheus-adapter cannot describe what the cluster's RESTMapper does not know).
    /// </summary>
    private CustomKey Key(string? ns, string resource, string name, string metric)
    {
        CheckSegment(resource, nameof(resource));
        CheckSegment(name, nameof(name));
        CheckSegment(metric, nameof(metric));
        if (name == "*")
            throw new ArgumentException("name: \"*\" selects objects when reading; a value belongs to one object, so set each one", nameof(name));
        var type = registry.FindGroupResource(resource)
            ?? throw new ArgumentException(UnknownResource(resource), nameof(resource));
        if (type.Namespaced && string.IsNullOrEmpty(ns))
            throw new ArgumentException($"ns: {resource} are namespaced; give the namespace of {name}", nameof(ns));
        if (!type.Namespaced && !string.IsNullOrEmpty(ns))
            throw new ArgumentException($"ns: {resource} are cluster-scoped (a Namespace's metrics too); pass no namespace", nameof(ns));
        return new CustomKey(ns ?? "", resource, name, metric);
    }

    private string UnknownResource(string resource)
    {
        var plural = resource.Split('.')[0];
        var other = registry.Types.FirstOrDefault(t => t.Plural == plural && !t.IsVirtual);
        var hint = other is null
            ? "name a built-in kind or a CRD's plural.group"
            : $"client-go's custom metrics client names it {other.GroupResource}";
        return $"resource: \"{resource}\" is no resource the sim serves ({hint}); the described object's kind comes from it";
    }

    private static CustomMetricValue Value(decimal value, IReadOnlyDictionary<string, string>? labels, DateTimeOffset at, long? windowSeconds)
    {
        CheckWindow(windowSeconds);
        return new CustomMetricValue(value, Labels(labels, "labels"), at, windowSeconds);
    }

    private static void CheckSegment(string value, string param)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('/', StringComparison.Ordinal))
            throw new ArgumentException($"{param}: \"{value}\" must be one non-empty path segment (no '/')", param);
    }

    private static void CheckWindow(long? windowSeconds)
    {
        if (windowSeconds is <= 0)
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "windowSeconds: must be a whole number of seconds above zero, e.g. 60");
    }

    /// <summary>A private copy of the labels, each key and value checked as a label (metricLabelSelector parses them so).</summary>
    private static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string>? labels, string field)
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            if (!Semantics.Validation.IsQualifiedName(k))
                throw new ArgumentException($"{field}: \"{k}\" is not a valid label key (e.g. queue or app.kubernetes.io/name)", nameof(labels));
            if (!Semantics.Validation.IsLabelValue(v))
                throw new ArgumentException($"{field}.{k}: \"{v}\" is not a valid label value (at most 63 alphanumerics, '-', '_' or '.')", nameof(labels));
            copy[k] = v;
        }
        return copy;
    }

    private readonly record struct CustomKey(string Ns, string Resource, string Name, string Metric);
}
