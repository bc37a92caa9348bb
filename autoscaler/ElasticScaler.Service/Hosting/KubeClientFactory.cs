using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using k8s;

namespace ElasticScaler.Service.Hosting;

/// <summary>The KubernetesClient the service talks through: kubeconfig when given, else in-cluster, else ~/.kube/config; every request counted.</summary>
public static class KubeClientFactory
{
    public static Kubernetes Create(ControllerOptions options, ServiceMetrics metrics)
    {
        var config = options.Kubeconfig is { } file
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
            : KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildDefaultConfig();
        var counter = new ApiRequestCounter();
        counter.Answered += (verb, resource, code) =>
            metrics.ApiRequests.WithLabels(verb, resource, code.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
        return new Kubernetes(config, counter);
    }

    /// <summary>A Lease identity unique per process: two instances on one host never share one.</summary>
    public static string DefaultIdentity() => $"{Environment.MachineName}_{Guid.NewGuid().ToString("N")[..12]}";
}
