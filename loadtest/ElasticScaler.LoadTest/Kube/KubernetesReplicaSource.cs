using System.Text.Json;
using ElasticScaler.Core.Ack;
using k8s;

namespace ElasticScaler.LoadTest.Kube;

/// <summary>What to sample: a Deployment (pods counted by node) or an ElasticScaler (its status).</summary>
public enum ReplicaTargetKind
{
    /// <summary>apps/v1 Deployment: its pods are listed and each is counted ECS or ECI by its node's labels.</summary>
    Deployment,
    /// <summary>autoscaling.elasticscaler.io/v1alpha1 ElasticScaler: status.ecsReplicas and status.eciReplicas.</summary>
    ElasticScaler,
}

/// <summary>
/// Samples replicas through the Kubernetes API with a kubeconfig. A pod counts as ECI when its node carries ACK's
/// virtual node label (<see cref="AckLabels.VirtualNodeLabel"/>=<see cref="AckLabels.VirtualNodeValue"/>), else as ECS.
/// Only GETs: the deployment (or scaler), the pods of its selector, and the nodes.
/// </summary>
public sealed class KubernetesReplicaSource : IReplicaSource, IDisposable
{
    private readonly Kubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly ReplicaTargetKind _kind;

    /// <summary>Reads <paramref name="kubeconfigPath"/> (current context) and targets <paramref name="kind"/> <paramref name="ns"/>/<paramref name="name"/>.</summary>
    public KubernetesReplicaSource(string kubeconfigPath, string ns, ReplicaTargetKind kind, string name)
    {
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        _namespace = ns;
        _name = name;
        _kind = kind;
    }

    /// <inheritdoc />
    public string Describe => $"{(_kind == ReplicaTargetKind.Deployment ? "deployment" : "elasticscaler")} {_namespace}/{_name}";

    /// <inheritdoc />
    public async Task<ReplicaSample> SampleAsync(CancellationToken cancellationToken) =>
        _kind == ReplicaTargetKind.Deployment
            ? await SampleDeploymentAsync(cancellationToken).ConfigureAwait(false)
            : await SampleScalerAsync(cancellationToken).ConfigureAwait(false);

    private async Task<ReplicaSample> SampleDeploymentAsync(CancellationToken token)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(_name, _namespace, cancellationToken: token).ConfigureAwait(false);
        var labels = deployment.Spec?.Selector?.MatchLabels ?? new Dictionary<string, string>();
        var selector = string.Join(",", labels.Select(kv => $"{kv.Key}={kv.Value}"));
        var pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: selector, cancellationToken: token).ConfigureAwait(false);
        var nodes = await _client.CoreV1.ListNodeAsync(cancellationToken: token).ConfigureAwait(false);
        var virtualNodes = nodes.Items
            .Where(n => n.Metadata?.Labels?.TryGetValue(AckLabels.VirtualNodeLabel, out var v) == true && v == AckLabels.VirtualNodeValue)
            .Select(n => n.Metadata.Name)
            .ToHashSet(StringComparer.Ordinal);
        // Count pods that hold a place: scheduled, not finished, not being deleted.
        var placed = pods.Items.Where(p => p.Spec?.NodeName is not null && p.Metadata?.DeletionTimestamp is null
            && p.Status?.Phase is not ("Succeeded" or "Failed")).ToList();
        var eci = placed.Count(p => virtualNodes.Contains(p.Spec.NodeName));
        return new ReplicaSample(placed.Count - eci, eci, deployment.Spec?.Replicas);
    }

    private async Task<ReplicaSample> SampleScalerAsync(CancellationToken token)
    {
        var raw = await _client.CustomObjects.GetNamespacedCustomObjectAsync(
            "autoscaling.elasticscaler.io", "v1alpha1", _namespace, "elasticscalers", _name, token).ConfigureAwait(false);
        var json = raw is JsonElement e ? e : JsonSerializer.SerializeToElement(raw);
        int? Read(string field) =>
            json.TryGetProperty("status", out var status) && status.TryGetProperty(field, out var v) && v.TryGetInt32(out var n) ? n : null;
        return new ReplicaSample(Read("ecsReplicas") ?? 0, Read("eciReplicas") ?? 0, Read("desiredReplicas"));
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
