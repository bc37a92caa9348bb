using System.CommandLine;
using ElasticScaler.Service.Hosting;

namespace ElasticScaler.Autoscaler.Run;

/// <summary>
/// <c>run</c>: the ElasticScaler service, the container's entrypoint. Each flag overrides the same option from
/// appsettings.json or ELASTICSCALER_Controller__* environment variables; all are checked at start (exit 2 names
/// the flag and the fix).
/// </summary>
public static class RunCommand
{
    /// <summary>Flag, option name in ControllerOptions, help. Values are read by the service's own binder, so the messages are one.</summary>
    internal static readonly (string Flag, string Option, string Help)[] Values =
    [
        ("--kubeconfig", "Kubeconfig", "kubeconfig file (default: in-cluster service account, else ~/.kube/config)"),
        ("--namespace", "Namespace", "watch only this namespace's ElasticScalers and workloads (default: all)"),
        ("--sync-period", "SyncPeriod", "sync every scaler at least this often (default 15s)"),
        ("--workers", "Workers", "scalers synced at once (default 5, as HPA)"),
        ("--metrics-port", "MetricsPort", "port of /metrics, /healthz, /readyz (default 8080; 0 picks a free one)"),
        ("--metrics-bind-address", "MetricsBindAddress", "address of those endpoints (default 0.0.0.0)"),
        ("--lease-namespace", "LeaseNamespace", "namespace of the leader-election Lease (default elasticscaler)"),
        ("--lease-name", "LeaseName", "name of the Lease (default elasticscaler)"),
        ("--lease-duration", "LeaseDuration", "lease duration (default 15s)"),
        ("--renew-deadline", "RenewDeadline", "renew deadline (default 10s)"),
        ("--retry-period", "RetryPeriod", "retry period (default 2s)"),
        ("--identity", "Identity", "this instance's name in the Lease (default: host name plus a random suffix)"),
        ("--metrics-api-timeout", "MetricsApiTimeout", "how long one read of the metrics.k8s.io, custom and external metrics APIs may take (default 5s)"),
        ("--dump-dir", "DumpDir", "write each decision that changed something as a snapshot and result, replayable with decide --snapshot"),
        ("--watch-timeout", "WatchTimeout", "server-side timeout of each watch (default 5m)"),
        ("--watch-stall-timeout", "WatchStallTimeout", "replace a watch silent this long, not even a bookmark (default 3m)"),
        ("--tolerance", "Tolerance", "HPA's tolerance (default 0.1)"),
        ("--cpu-initialization-period", "CpuInitializationPeriod", "HPA's CPU initialization period (default 5m)"),
        ("--initial-readiness-delay", "InitialReadinessDelay", "HPA's initial readiness delay (default 30s)"),
        ("--downscale-stabilization", "DownscaleStabilization", "HPA's downscale stabilization without spec.behavior (default 5m)"),
        ("--eci-price-per-vcpu-second", "EciPricePerVcpuSecond", "ECI price per vCPU-second, USD, for the cost metric (default 0.0000137)"),
        ("--eci-price-per-gib-second", "EciPricePerGibSecond", "ECI price per GiB-second, USD (default 0.0000015)"),
        ("--ecs-price-per-vcpu-hour", "EcsPricePerVcpuHour", "ECS price per requested vCPU-hour, USD (default 0.042)"),
        ("--eci-node-selector", "EciNodeSelector", "node selector of the ECI twin's pods where spec.placement.eci sets none: key=value,... (default type=virtual-kubelet; \"\" for none)"),
        ("--eci-tolerations", "EciTolerations", "tolerations of the twin's pods where spec.placement.eci sets none: key[=value][:Effect],... without =value Exists (default virtual-kubelet.io/provider:NoSchedule)"),
        ("--eci-pod-labels", "EciPodLabels", "labels on the twin's pods, under spec.placement.eci.labels: key=value,... (default alibabacloud.com/eci=true)"),
        ("--eci-pod-labels-when", "EciPodLabelsWhen", "when the twin's pods get --eci-pod-labels: auto (a virtual node is ACK's), always, never (default auto)"),
        ("--log-level", "LogLevel", "least severe log level: trace, debug, information, warning, error, critical, none (default information)"),
    ];

    internal static readonly (string Flag, string Option, string Help)[] Switches =
    [
        ("--leader-elect", "LeaderElect", "run only while holding the Lease (for 2+ replicas)"),
        ("--dry-run", "DryRun", "decide and report (status, events, metrics), never touch a workload"),
    ];

    public static Command Create()
    {
        var command = new Command("run", "Run the ElasticScaler service against a cluster: watch ElasticScalers, decide, place ECS first then ECI, report");
        var values = Values.Select(v => (v.Option, Opt: new Option<string>(v.Flag) { Description = v.Help })).ToList();
        var switches = Switches.Select(v => (v.Option, Opt: new Option<bool>(v.Flag) { Description = v.Help })).ToList();
        foreach (var (_, o) in values) command.Options.Add(o);
        foreach (var (_, o) in switches) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (name, o) in values)
                if (parse.GetResult(o) is not null) flags[name] = parse.GetValue(o);
            foreach (var (name, o) in switches)
                if (parse.GetResult(o) is not null) flags[name] = parse.GetValue(o) ? "true" : "false";
            return await ServiceHost.RunAsync(flags, Console.Error, ct).ConfigureAwait(false);
        });
        return command;
    }
}
