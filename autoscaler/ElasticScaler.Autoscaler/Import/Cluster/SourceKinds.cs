using ElasticScaler.Autoscaler.Import.Convert;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Autoscaler.Import.Cluster;

/// <summary>The kinds import lists from a cluster and deletes with --delete-source, by their REST paths.</summary>
public static class SourceKinds
{
    public static readonly ApiResource Hpas = new("autoscaling", "v2", "horizontalpodautoscalers", SourceRef.Hpa, true);
    public static readonly ApiResource CronHpas = new("autoscaling.alibabacloud.com", "v1beta1", "cronhorizontalpodautoscalers", SourceRef.CronHpa, true);
    public static readonly ApiResource ScaledObjects = new("keda.sh", "v1alpha1", "scaledobjects", SourceRef.ScaledObject, true);

    public static IReadOnlyList<ApiResource> All { get; } = [Hpas, CronHpas, ScaledObjects];

    public static ApiResource Of(string kind) => All.First(r => r.Kind == kind);
}
