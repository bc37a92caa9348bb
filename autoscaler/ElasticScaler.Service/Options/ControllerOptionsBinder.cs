using System.Globalization;
using ElasticScaler.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ElasticScaler.Service.Options;

/// <summary>
/// Binds <see cref="ControllerOptions"/> from configuration by hand, because the configuration binder reads
/// TimeSpan only as "00:00:15" and a bad value throws without naming the flag. A value that does not read is
/// collected with its option name and the fix, and <see cref="ControllerOptionsValidator"/> reports them all.
/// </summary>
public sealed class ControllerOptionsBinder(IConfiguration configuration) : IConfigureOptions<ControllerOptions>
{
    public void Configure(ControllerOptions o)
    {
        var s = configuration.GetSection(ControllerOptions.Section);
        o.Kubeconfig = Text(s, "Kubeconfig") ?? o.Kubeconfig;
        o.Namespace = Text(s, "Namespace") ?? o.Namespace;
        o.SyncPeriod = Duration(s, "SyncPeriod", o) ?? o.SyncPeriod;
        o.Workers = Int(s, "Workers", o) ?? o.Workers;
        o.MetricsPort = Int(s, "MetricsPort", o) ?? o.MetricsPort;
        o.MetricsBindAddress = Text(s, "MetricsBindAddress") ?? o.MetricsBindAddress;
        o.LeaderElect = Bool(s, "LeaderElect", o) ?? o.LeaderElect;
        o.LeaseNamespace = Text(s, "LeaseNamespace") ?? o.LeaseNamespace;
        o.LeaseName = Text(s, "LeaseName") ?? o.LeaseName;
        o.LeaseDuration = Duration(s, "LeaseDuration", o) ?? o.LeaseDuration;
        o.RenewDeadline = Duration(s, "RenewDeadline", o) ?? o.RenewDeadline;
        o.RetryPeriod = Duration(s, "RetryPeriod", o) ?? o.RetryPeriod;
        o.Identity = Text(s, "Identity") ?? o.Identity;
        o.MetricsApiTimeout = Duration(s, "MetricsApiTimeout", o) ?? o.MetricsApiTimeout;
        o.DumpDir = Text(s, "DumpDir") ?? o.DumpDir;
        o.DryRun = Bool(s, "DryRun", o) ?? o.DryRun;
        o.WatchTimeout = Duration(s, "WatchTimeout", o) ?? o.WatchTimeout;
        o.WatchStallTimeout = Duration(s, "WatchStallTimeout", o) ?? o.WatchStallTimeout;
        o.Tolerance = Double(s, "Tolerance", o) ?? o.Tolerance;
        o.CpuInitializationPeriod = Duration(s, "CpuInitializationPeriod", o) ?? o.CpuInitializationPeriod;
        o.InitialReadinessDelay = Duration(s, "InitialReadinessDelay", o) ?? o.InitialReadinessDelay;
        o.DownscaleStabilization = Duration(s, "DownscaleStabilization", o) ?? o.DownscaleStabilization;
        o.EciPricePerVcpuSecond = Decimal(s, "EciPricePerVcpuSecond", o) ?? o.EciPricePerVcpuSecond;
        o.EciPricePerGibSecond = Decimal(s, "EciPricePerGibSecond", o) ?? o.EciPricePerGibSecond;
        o.EcsPricePerVcpuHour = Decimal(s, "EcsPricePerVcpuHour", o) ?? o.EcsPricePerVcpuHour;
        // An empty value is meaningful here (none), so these read "" as set, unlike the options above.
        if (s["EciNodeSelector"] is { } selector) o.EciNodeSelector = EciOptionSyntax.ParseMap(selector, Flag("EciNodeSelector"), o.BindErrors);
        if (s["EciTolerations"] is { } tolerations) o.EciTolerations = EciOptionSyntax.ParseTolerations(tolerations, Flag("EciTolerations"), o.BindErrors);
        if (s["EciPodLabels"] is { } labels) o.EciPodLabels = EciOptionSyntax.ParseMap(labels, Flag("EciPodLabels"), o.BindErrors);
        o.EciPodLabelsWhen = Choice(s, "EciPodLabelsWhen", o, o.EciPodLabelsWhen);
        o.LogLevel = Choice(s, "LogLevel", o, o.LogLevel);
    }

    /// <summary>"SyncPeriod" as the command line spells it: --sync-period.</summary>
    public static string Flag(string option)
    {
        var b = new System.Text.StringBuilder("--");
        for (int i = 0; i < option.Length; i++)
        {
            if (char.IsUpper(option[i]) && i > 0) b.Append('-');
            b.Append(char.ToLowerInvariant(option[i]));
        }
        return b.ToString();
    }

    private static string? Text(IConfigurationSection s, string key) => s[key] is { Length: > 0 } v ? v : null;

    private static TimeSpan? Duration(IConfigurationSection s, string key, ControllerOptions o)
    {
        if (Text(s, key) is not { } v) return null;
        if (GoDuration.TryParse(v, out var d)) return d;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be {GoDuration.Examples}");
        return null;
    }

    private static int? Int(IConfigurationSection s, string key, ControllerOptions o)
    {
        if (Text(s, key) is not { } v) return null;
        if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be a whole number");
        return null;
    }

    private static double? Double(IConfigurationSection s, string key, ControllerOptions o)
    {
        if (Text(s, key) is not { } v) return null;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return n;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be a number such as 0.1");
        return null;
    }

    private static decimal? Decimal(IConfigurationSection s, string key, ControllerOptions o)
    {
        if (Text(s, key) is not { } v) return null;
        if (decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return n;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be a price such as 0.042");
        return null;
    }

    /// <summary>An enum value by name, any case ("auto", "Debug"); a number is refused, since it names nothing.</summary>
    private static T Choice<T>(IConfigurationSection s, string key, ControllerOptions o, T fallback) where T : struct, Enum
    {
        if (Text(s, key) is not { } v) return fallback;
        if (!v.Any(char.IsAsciiDigit) && Enum.TryParse<T>(v, ignoreCase: true, out var parsed)) return parsed;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");
        return fallback;
    }

    private static bool? Bool(IConfigurationSection s, string key, ControllerOptions o)
    {
        if (Text(s, key) is not { } v) return null;
        if (bool.TryParse(v, out var b)) return b;
        o.BindErrors.Add($"{Flag(key)}: \"{v}\": must be true or false");
        return null;
    }
}
