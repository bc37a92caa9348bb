using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ElasticScaler.Service.Options;

/// <summary>Checks every option at start and reports every problem at once, each naming the flag and the fix.</summary>
public sealed partial class ControllerOptionsValidator : IValidateOptions<ControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ControllerOptions o)
    {
        var errors = new List<string>(o.BindErrors);
        if (o.Kubeconfig is { } kc && !File.Exists(kc))
            errors.Add($"--kubeconfig: \"{kc}\": no such file; pass a kubeconfig file, or omit it to use the in-cluster service account");
        if (o.Namespace is { } ns && !DnsLabel().IsMatch(ns))
            errors.Add($"--namespace: \"{ns}\": must be a namespace name (lowercase letters, digits and '-', at most 63)");
        if (o.SyncPeriod < TimeSpan.FromSeconds(1))
            errors.Add($"--sync-period: {Show(o.SyncPeriod)}: must be at least 1s (HPA's default is 15s)");
        if (o.Workers is < 1 or > 64)
            errors.Add($"--workers: {o.Workers}: must be between 1 and 64");
        if (o.MetricsPort is < 0 or > 65535)
            errors.Add($"--metrics-port: {o.MetricsPort}: must be a port between 1 and 65535 (0 picks a free one)");
        if (!IPAddress.TryParse(o.MetricsBindAddress, out _))
            errors.Add($"--metrics-bind-address: \"{o.MetricsBindAddress}\": must be an IP address such as 0.0.0.0 or 127.0.0.1");
        if (!DnsLabel().IsMatch(o.LeaseNamespace))
            errors.Add($"--lease-namespace: \"{o.LeaseNamespace}\": must be a namespace name");
        if (o.LeaderElect)
        {
            // client-go's LeaderElector refuses the same: the lease must outlive the renew deadline, which must outlive a retry.
            if (o.LeaseDuration <= o.RenewDeadline)
                errors.Add($"--lease-duration: {Show(o.LeaseDuration)}: must be longer than --renew-deadline ({Show(o.RenewDeadline)})");
            if (o.RenewDeadline <= o.RetryPeriod)
                errors.Add($"--renew-deadline: {Show(o.RenewDeadline)}: must be longer than --retry-period ({Show(o.RetryPeriod)})");
            if (o.RetryPeriod <= TimeSpan.Zero)
                errors.Add($"--retry-period: {Show(o.RetryPeriod)}: must be more than 0");
        }
        if (o.MetricsApiTimeout <= TimeSpan.Zero)
            errors.Add($"--metrics-api-timeout: {Show(o.MetricsApiTimeout)}: must be more than 0 (default 5s)");
        if (o.DumpDir is { } dir && File.Exists(dir))
            errors.Add($"--dump-dir: \"{dir}\": is a file; pass a folder (it is created if missing)");
        if (o.WatchTimeout < TimeSpan.FromSeconds(1))
            errors.Add($"--watch-timeout: {Show(o.WatchTimeout)}: must be at least 1s (default 5m)");
        if (o.WatchStallTimeout <= TimeSpan.Zero)
            errors.Add($"--watch-stall-timeout: {Show(o.WatchStallTimeout)}: must be more than 0 (default 3m)");
        if (o.Tolerance is < 0 or >= 1 || double.IsNaN(o.Tolerance))
            errors.Add($"--tolerance: {o.Tolerance}: must be at least 0 and below 1 (HPA's default is 0.1)");
        if (o.CpuInitializationPeriod < TimeSpan.Zero) errors.Add("--cpu-initialization-period: must not be negative");
        if (o.InitialReadinessDelay < TimeSpan.Zero) errors.Add("--initial-readiness-delay: must not be negative");
        if (o.DownscaleStabilization < TimeSpan.Zero) errors.Add("--downscale-stabilization: must not be negative");
        if (o.EciPricePerVcpuSecond < 0 || o.EciPricePerGibSecond < 0 || o.EcsPricePerVcpuHour < 0)
            errors.Add("--eci-price-per-vcpu-second, --eci-price-per-gib-second, --ecs-price-per-vcpu-hour: prices must not be negative");
        EciOptionSyntax.CheckMap(o.EciNodeSelector, "--eci-node-selector", errors);
        EciOptionSyntax.CheckTolerations(o.EciTolerations, "--eci-tolerations", errors);
        EciOptionSyntax.CheckMap(o.EciPodLabels, "--eci-pod-labels", errors);
        if (!Enum.IsDefined(o.EciPodLabelsWhen)) errors.Add($"--eci-pod-labels-when: {o.EciPodLabelsWhen}: must be auto, always or never");
        if (!Enum.IsDefined(o.LogLevel)) errors.Add($"--log-level: {o.LogLevel}: must be trace, debug, information, warning, error, critical or none");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Show(TimeSpan t) => t.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
