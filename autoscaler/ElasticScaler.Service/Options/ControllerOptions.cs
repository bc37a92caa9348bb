using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Controller;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.Options;

/// <summary>
/// How the service runs. Bound from configuration section <c>Controller</c> (appsettings.json, then environment
/// variables <c>ELASTICSCALER_Controller__SyncPeriod=30s</c>, then the <c>run</c> command's flags, which win).
/// Durations use the spec's grammar ("15s", "1m30s", "PT15S"). Every value is checked at start; a bad one stops
/// the service with exit code 2 naming the option and the fix.
/// </summary>
public sealed class ControllerOptions
{
    public const string Section = "Controller";

    /// <summary>kubeconfig file; when absent, the in-cluster service account (KUBERNETES_SERVICE_HOST), else ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Watch only this namespace's ElasticScalers and workloads; all namespaces when absent.</summary>
    public string? Namespace { get; set; }

    /// <summary>Every scaler is synced at least this often (HPA's --horizontal-pod-autoscaler-sync-period); default 15 s.</summary>
    public TimeSpan SyncPeriod { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Scalers synced at once (each scaler by one worker at a time); default 16. A sync mostly waits on the API (its
    /// PodMetrics read, and on a change its writes), so the workers bound how many syncs a period holds: 5,000 scalers
    /// at 15 s are 333 syncs a second, and HPA's 5 (--concurrent-horizontal-pod-autoscaler-syncs) left due syncs
    /// waiting 3.8 s at p99 for a worker (docs/benchmarks.md "Controller scale").
    /// </summary>
    public int Workers { get; set; } = 16;

    /// <summary>Port of /metrics, /healthz and /readyz; default 8080; 0 picks a free port (tests).</summary>
    public int MetricsPort { get; set; } = 8080;

    /// <summary>Address those endpoints listen on; default 0.0.0.0 (all), 127.0.0.1 for a laptop.</summary>
    public string MetricsBindAddress { get; set; } = "0.0.0.0";

    /// <summary>Run only while holding the Lease (2 replicas in deploy/); default off.</summary>
    public bool LeaderElect { get; set; }

    /// <summary>Namespace of the Lease; default elasticscaler.</summary>
    public string LeaseNamespace { get; set; } = "elasticscaler";

    /// <summary>Name of the Lease; default elasticscaler.</summary>
    public string LeaseName { get; set; } = "elasticscaler";

    /// <summary>client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This instance's name in the Lease; default host name plus a random suffix, unique per process.</summary>
    public string? Identity { get; set; }

    /// <summary>
    /// How long one read of metrics.k8s.io, custom.metrics.k8s.io or external.metrics.k8s.io may take before the metric
    /// counts as failed (a Prometheus metric has its own spec.metrics[].prometheus.timeout); default 5 s.
    /// </summary>
    public TimeSpan MetricsApiTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each decision that changed something writes its snapshot and result here, replayable with <c>decide --snapshot</c>.</summary>
    public string? DumpDir { get; set; }

    /// <summary>Decide, report status, events and metrics, and never touch a workload; default off.</summary>
    public bool DryRun { get; set; }

    /// <summary>Server-side timeout of each watch (jittered up to 2x); default 5 min.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch silent this long (no event, no bookmark) is replaced; default 3 min.</summary>
    public TimeSpan WatchStallTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>HPA's --horizontal-pod-autoscaler-tolerance; default 0.1.</summary>
    public double Tolerance { get; set; } = 0.1;

    /// <summary>HPA's --horizontal-pod-autoscaler-cpu-initialization-period; default 5 min.</summary>
    public TimeSpan CpuInitializationPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>HPA's --horizontal-pod-autoscaler-initial-readiness-delay; default 30 s.</summary>
    public TimeSpan InitialReadinessDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>HPA's --horizontal-pod-autoscaler-downscale-stabilization (legacy path without behavior); default 5 min.</summary>
    public TimeSpan DownscaleStabilization { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Prices for the estimated cost rate (USD list prices; set your region's).</summary>
    public decimal EciPricePerVcpuSecond { get; set; } = 0.0000137m;
    public decimal EciPricePerGibSecond { get; set; } = 0.0000015m;
    /// <summary>ECS is paid per node; a replica's share is its vCPU requests at this price per vCPU-hour.</summary>
    public decimal EcsPricePerVcpuHour { get; set; } = 0.042m;

    /// <summary>
    /// Node selector of the twin's pods where <c>spec.placement.eci.nodeSelector</c> is empty; default ACK's virtual
    /// node, <c>type=virtual-kubelet</c>. Flag and environment grammar: <c>key=value,key=value</c> (<see cref="EciOptionSyntax"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> EciNodeSelector { get; set; } = EciPodDefaults.Ack.NodeSelector;

    /// <summary>
    /// Tolerations of the twin's pods where <c>spec.placement.eci.tolerations</c> is empty; default the virtual node's
    /// taint, <c>virtual-kubelet.io/provider</c> Exists NoSchedule. Grammar: <c>key[=value][:Effect],...</c>.
    /// </summary>
    public IReadOnlyList<Toleration> EciTolerations { get; set; } = EciPodDefaults.Ack.Tolerations;

    /// <summary>Labels on every twin pod when <see cref="EciPodLabelsWhen"/> says so (the spec's labels win); default ACK's <c>alibabacloud.com/eci=true</c>.</summary>
    public IReadOnlyDictionary<string, string> EciPodLabels { get; set; } = EciPodDefaults.Ack.PodLabels;

    /// <summary>When the twin's pods get <see cref="EciPodLabels"/>: auto (the cluster's virtual node is ACK's; default), always, never.</summary>
    public EciPodLabelsWhen EciPodLabelsWhen { get; set; } = EciPodLabelsWhen.Auto;

    /// <summary>Least severe log level written: Trace, Debug, Information (default), Warning, Error, Critical, None.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>Values that could not be read as their type (durations, numbers), reported by the validator.</summary>
    internal List<string> BindErrors { get; } = [];
}
