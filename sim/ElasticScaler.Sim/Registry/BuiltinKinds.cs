namespace ElasticScaler.Sim.Registry;

/// <summary>The table of built-in kinds the sim serves, transcribed from the v1.32 discovery documents.</summary>
public static class BuiltinKinds
{
    private static readonly string[] ReadOnly = ["get", "list"];
    private static readonly string[] NoCollectionDelete = ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        // core/v1
        new() { Group = "", Version = "v1", Kind = "ConfigMap", Plural = "configmaps", ShortNames = ["cm"] },
        new() { Group = "", Version = "v1", Kind = "Endpoints", Plural = "endpoints", SingularName = "endpoints", ShortNames = ["ep"] },
        new()
        {
            Group = "", Version = "v1", Kind = "Event", Plural = "events", ShortNames = ["ev"],
            SelectableFields = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        },
        new()
        {
            Group = "", Version = "v1", Kind = "Namespace", Plural = "namespaces", Namespaced = false, ShortNames = ["ns"],
            Verbs = NoCollectionDelete, HasStatusSubresource = true, SelectableFields = ["status.phase"],
            ExtraSubresources = [new("finalize", "Namespace", ["update"])],
        },
        new()
        {
            Group = "", Version = "v1", Kind = "Node", Plural = "nodes", Namespaced = false, ShortNames = ["no"],
            HasStatusSubresource = true, SelectableFields = ["spec.unschedulable"],
        },
        new()
        {
            Group = "", Version = "v1", Kind = "Pod", Plural = "pods", ShortNames = ["po"], Categories = ["all"],
            HasStatusSubresource = true, ReturnDeletedObject = true,
            SelectableFields = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
                "status.phase", "status.podIP", "status.nominatedNodeName"],
            ExtraSubresources = [new("binding", "Binding", ["create"]), new("eviction", "Eviction", ["create"], "policy", "v1"), new("log", "Pod", ["get"])],
        },
        new() { Group = "", Version = "v1", Kind = "Secret", Plural = "secrets", SelectableFields = ["type"] },
        new() { Group = "", Version = "v1", Kind = "ServiceAccount", Plural = "serviceaccounts", ShortNames = ["sa"], ReturnDeletedObject = true },
        new() { Group = "", Version = "v1", Kind = "Service", Plural = "services", ShortNames = ["svc"], Categories = ["all"], HasStatusSubresource = true, ReturnDeletedObject = true },
        // apps/v1
        // The deployment controller writes its revision annotation through deployments/status, which keeps labels.
        Workload("Deployment", "deployments", "deploy", annotationsBump: true) with { StatusResetsMetadata = ["labels"] },
        Workload("ReplicaSet", "replicasets", "rs") with { StatusResetsMetadata = [] },
        Workload("StatefulSet", "statefulsets", "sts"),
        // batch/v1: Jobs, for load-test agents run as an Indexed Job
        new()
        {
            Group = "batch", Version = "v1", Kind = "Job", Plural = "jobs", Categories = ["all"], HasStatusSubresource = true, HasGeneration = true,
        },
        // autoscaling
        new()
        {
            Group = "autoscaling", Version = "v2", Kind = "HorizontalPodAutoscaler", Plural = "horizontalpodautoscalers",
            ShortNames = ["hpa"], Categories = ["all"], HasStatusSubresource = true, HasGeneration = true,
        },
        // coordination.k8s.io/v1
        new()
        {
            Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases",
            AllowCreateOnUpdate = true, RequireResourceVersionOnUpdate = true,
        },
        // policy/v1: the budget is kept and validated; no disruption controller fills its status, so evictions ignore it.
        new()
        {
            Group = "policy", Version = "v1", Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets", ShortNames = ["pdb"],
            HasStatusSubresource = true, HasGeneration = true,
        },
        // events.k8s.io/v1 shares the core store; the view converts fields.
        new() { Group = "events.k8s.io", Version = "v1", Kind = "Event", Plural = "events", ShortNames = ["ev"], StorageKeyOverride = "events" },
        // apiextensions.k8s.io/v1
        new()
        {
            Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions",
            Namespaced = false, ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatusSubresource = true, HasGeneration = true,
        },
        // rbac.authorization.k8s.io/v1
        Rbac("Role", "roles", true), Rbac("RoleBinding", "rolebindings", true),
        Rbac("ClusterRole", "clusterroles", false), Rbac("ClusterRoleBinding", "clusterrolebindings", false),
        // authentication.k8s.io/v1: who am I (kubectl auth whoami)
        new()
        {
            Group = "authentication.k8s.io", Version = "v1", Kind = "SelfSubjectReview", Plural = "selfsubjectreviews",
            Namespaced = false, Verbs = ["create"], IsVirtual = true,
        },
        // authorization.k8s.io/v1: create-only reviews
        new()
        {
            Group = "authorization.k8s.io", Version = "v1", Kind = "SelfSubjectAccessReview", Plural = "selfsubjectaccessreviews",
            Namespaced = false, Verbs = ["create"], IsVirtual = true,
        },
        new()
        {
            Group = "authorization.k8s.io", Version = "v1", Kind = "SubjectAccessReview", Plural = "subjectaccessreviews",
            Namespaced = false, Verbs = ["create"], IsVirtual = true,
        },
        // metrics.k8s.io/v1beta1 (what metrics-server serves)
        new() { Group = "metrics.k8s.io", Version = "v1beta1", Kind = "NodeMetrics", Plural = "nodes", SingularName = "", Namespaced = false, Verbs = ReadOnly, IsVirtual = true },
        new() { Group = "metrics.k8s.io", Version = "v1beta1", Kind = "PodMetrics", Plural = "pods", SingularName = "", Verbs = ReadOnly, IsVirtual = true },
        // custom.metrics.k8s.io/v1beta2 and external.metrics.k8s.io/v1beta1 (what prometheus-adapter or KEDA serves):
        // one row each for the whole group-version, whose resources are the metrics known when discovery is asked.
        new()
        {
            Group = "custom.metrics.k8s.io", Version = "v1beta2", Kind = "MetricValueList", Plural = "*", SingularName = "",
            Verbs = ["get"], IsVirtual = true, IsMetricsApi = true,
        },
        new()
        {
            Group = "external.metrics.k8s.io", Version = "v1beta1", Kind = "ExternalMetricValueList", Plural = "*", SingularName = "",
            Verbs = ["get"], IsVirtual = true, IsMetricsApi = true,
        },
    ];

    private static ResourceType Workload(string kind, string plural, string shortName, bool annotationsBump = false) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, ShortNames = [shortName], Categories = ["all"],
        HasStatusSubresource = true, HasGeneration = true, AnnotationsBumpGeneration = annotationsBump,
        Scale = new ScalePaths(".spec.replicas", ".status.replicas", null),
    };

    private static ResourceType Rbac(string kind, string plural, bool namespaced) => new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Namespaced = namespaced,
    };
}
