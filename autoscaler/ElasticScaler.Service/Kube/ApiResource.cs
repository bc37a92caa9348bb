namespace ElasticScaler.Service.Kube;

/// <summary>
/// One kind of the Kubernetes API as its REST paths need it: group (empty for core), version, plural, scope.
/// The service's whole vocabulary of kinds is the static members here.
/// </summary>
public sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public static readonly ApiResource ElasticScalers = new("autoscaling.elasticscaler.io", "v1alpha1", "elasticscalers", "ElasticScaler", true);
    public static readonly ApiResource Deployments = new("apps", "v1", "deployments", "Deployment", true);
    public static readonly ApiResource StatefulSets = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static readonly ApiResource Pods = new("", "v1", "pods", "Pod", true);
    public static readonly ApiResource Nodes = new("", "v1", "nodes", "Node", false);
    public static readonly ApiResource Events = new("", "v1", "events", "Event", true);
    public static readonly ApiResource Secrets = new("", "v1", "secrets", "Secret", true);
    public static readonly ApiResource PodMetrics = new("metrics.k8s.io", "v1beta1", "pods", "PodMetrics", true);

    /// <summary>"apps/v1", or "v1" for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection: /api/v1/pods, /api/v1/namespaces/ns/pods, /apis/apps/v1/namespaces/ns/deployments.</summary>
    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && ns is not null ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}" : $"{root}/{Plural}";
    }

    /// <summary>One object, or one of its subresources (status, scale).</summary>
    public string ObjectPath(string? ns, string name, string? subresource = null)
    {
        var path = $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    /// <summary>The resource as an RBAC rule names it: "deployments", "elasticscalers.autoscaling.elasticscaler.io".</summary>
    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The kind that a scaleTargetRef names, when the service knows its REST path (null: resolve by discovery).</summary>
    public static ApiResource? ForWorkload(string? apiVersion, string kind) => (apiVersion, kind) switch
    {
        ("apps/v1" or null or "", "Deployment") => Deployments,
        ("apps/v1" or null or "", "StatefulSet") => StatefulSets,
        _ => null,
    };
}
