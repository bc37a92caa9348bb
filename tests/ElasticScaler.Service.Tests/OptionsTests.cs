using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Options;
using Microsoft.Extensions.Configuration;

namespace ElasticScaler.Service.Tests;

public sealed class OptionsTests
{
    private static (ControllerOptions Options, IReadOnlyList<string> Errors) Bind(params (string Key, string Value)[] values)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>($"Controller:{v.Key}", v.Value)))
            .Build();
        var o = new ControllerOptions();
        new ControllerOptionsBinder(config).Configure(o);
        var result = new ControllerOptionsValidator().Validate(null, o);
        return (o, result.Failed ? [.. result.Failures] : []);
    }

    [Fact]
    public void Defaults_are_HPAs_and_client_gos_but_more_workers()
    {
        var (o, errors) = Bind();
        Assert.Empty(errors);
        Assert.Equal((TimeSpan.FromSeconds(15), 16, 8080, false), (o.SyncPeriod, o.Workers, o.MetricsPort, o.LeaderElect));
        Assert.Equal((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)), (o.LeaseDuration, o.RenewDeadline, o.RetryPeriod));
    }

    [Fact]
    public void Durations_read_in_the_specs_grammar()
    {
        var (o, errors) = Bind(("SyncPeriod", "30s"), ("WatchTimeout", "PT10M"), ("DownscaleStabilization", "2m30s"));
        Assert.Empty(errors);
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(150)), (o.SyncPeriod, o.WatchTimeout, o.DownscaleStabilization));
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "SyncPeriod", "15", "--sync-period: \"15\": must be a duration" },
        { "SyncPeriod", "500ms", "--sync-period: 0.5s: must be at least 1s" },
        { "Workers", "0", "--workers: 0: must be between 1 and 64" },
        { "Workers", "two", "--workers: \"two\": must be a whole number" },
        { "MetricsPort", "70000", "--metrics-port: 70000" },
        { "Namespace", "Shop_1", "--namespace: \"Shop_1\": must be a namespace name" },
        { "Kubeconfig", "/no/such/kubeconfig", "--kubeconfig: \"/no/such/kubeconfig\": no such file" },
        { "Tolerance", "1.5", "--tolerance: 1.5: must be at least 0 and below 1" },
        { "LeaderElect", "yes", "--leader-elect: \"yes\": must be true or false" },
        { "MetricsBindAddress", "localhost:80", "--metrics-bind-address: \"localhost:80\"" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_value_names_its_flag_and_the_fix(string key, string value, string expected)
    {
        var (_, errors) = Bind((key, value));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Leader_election_timings_must_nest_as_client_go_requires()
    {
        var (_, errors) = Bind(("LeaderElect", "true"), ("LeaseDuration", "10s"), ("RenewDeadline", "10s"), ("RetryPeriod", "12s"));
        Assert.Contains(errors, e => e.StartsWith("--lease-duration: 10s: must be longer than --renew-deadline", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--renew-deadline: 10s: must be longer than --retry-period", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = Bind(("Workers", "0"), ("SyncPeriod", "fast"), ("MetricsPort", "-1"));
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void The_eci_defaults_are_acks_virtual_node_as_before_they_were_options()
    {
        var (o, errors) = Bind();
        Assert.Empty(errors);
        Assert.Equal("type=virtual-kubelet", EciOptionSyntax.Format(o.EciNodeSelector));
        Assert.Equal("virtual-kubelet.io/provider:NoSchedule", EciOptionSyntax.Format(o.EciTolerations));
        Assert.Equal(("Exists", "NoSchedule"), (o.EciTolerations[0].Operator, o.EciTolerations[0].Effect));
        Assert.Equal("alibabacloud.com/eci=true", EciOptionSyntax.Format(o.EciPodLabels));
        Assert.Equal(EciPodLabelsWhen.Auto, o.EciPodLabelsWhen);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, o.LogLevel);
    }

    [Fact]
    public void The_eci_options_read_as_kubectl_writes_labels_and_taints()
    {
        var (o, errors) = Bind(("EciNodeSelector", "pool=serverless, zone=cn-hangzhou-i"),
            ("EciTolerations", "virtual-kubelet.io/provider:NoSchedule,dedicated=burst:NoExecute,spot"),
            ("EciPodLabels", "alibabacloud.com/eci=true,billing=burst"), ("EciPodLabelsWhen", "Always"), ("LogLevel", "debug"));
        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["pool"] = "serverless", ["zone"] = "cn-hangzhou-i" }, o.EciNodeSelector);
        Assert.Equal(
            [new Toleration { Key = "virtual-kubelet.io/provider", Operator = "Exists", Effect = "NoSchedule" },
             new Toleration { Key = "dedicated", Operator = "Equal", Value = "burst", Effect = "NoExecute" },
             new Toleration { Key = "spot", Operator = "Exists" }],
            o.EciTolerations);
        Assert.Equal("alibabacloud.com/eci=true,billing=burst", EciOptionSyntax.Format(o.EciPodLabels));
        Assert.Equal((EciPodLabelsWhen.Always, Microsoft.Extensions.Logging.LogLevel.Debug), (o.EciPodLabelsWhen, o.LogLevel));
        Assert.Equal("virtual-kubelet.io/provider:NoSchedule,dedicated=burst:NoExecute,spot", EciOptionSyntax.Format(o.EciTolerations));
    }

    [Fact]
    public void An_empty_eci_value_means_none_not_the_default()
    {
        var (o, errors) = Bind(("EciNodeSelector", ""), ("EciPodLabels", ""));
        Assert.Empty(errors);
        Assert.Empty(o.EciNodeSelector);
        Assert.Empty(o.EciPodLabels);
        Assert.Single(o.EciTolerations); // not given: the default stays
    }

    public static TheoryData<string, string, string> BadEciValues => new()
    {
        { "EciNodeSelector", "type", "--eci-node-selector: \"type\": each entry must be key=value, comma-separated, such as type=virtual-kubelet" },
        { "EciNodeSelector", "type=a,type=b", "--eci-node-selector: \"type\": the key appears twice" },
        { "EciNodeSelector", "Type_=x", "--eci-node-selector: key \"Type_\": name part must consist of alphanumeric characters" },
        { "EciPodLabels", "alibabacloud.com/eci=yes please", "--eci-pod-labels: value \"yes please\" of alibabacloud.com/eci: a valid label must be an empty string or consist of" },
        { "EciTolerations", "a:b:c", "--eci-tolerations: \"a:b:c\": each entry must be key[=value][:Effect]" },
        { "EciTolerations", "virtual-kubelet.io/provider:NoScheduled", "--eci-tolerations: \"virtual-kubelet.io/provider:NoScheduled\": effect \"NoScheduled\": must be one of NoSchedule, PreferNoSchedule, NoExecute" },
        { "EciTolerations", "=x:NoSchedule", "--eci-tolerations: \"=x:NoSchedule\": a toleration without a key must be Exists" },
        { "EciPodLabelsWhen", "sometimes", "--eci-pod-labels-when: \"sometimes\": must be one of auto, always, never" },
        { "EciPodLabelsWhen", "1", "--eci-pod-labels-when: \"1\": must be one of auto, always, never" },
        { "LogLevel", "verbose", "--log-level: \"verbose\": must be one of trace, debug, information, warning, error, critical, none" },
    };

    [Theory]
    [MemberData(nameof(BadEciValues))]
    public void A_bad_eci_or_log_value_names_its_flag_and_the_fix(string key, string value, string expected)
    {
        var (_, errors) = Bind((key, value));
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Eci_options_set_in_code_are_checked_too()
    {
        var o = new ControllerOptions { EciTolerations = [new Toleration { Key = "spot", Operator = "Exists", Value = "yes" }] };
        var result = new ControllerOptionsValidator().Validate(null, o);
        Assert.Equal(["--eci-tolerations: \"spot\": an Exists toleration takes no value"], result.Failures);
    }

    [Fact]
    public void Flags_are_spelled_from_option_names()
    {
        Assert.Equal("--sync-period", ControllerOptionsBinder.Flag("SyncPeriod"));
        Assert.Equal("--eci-price-per-gib-second", ControllerOptionsBinder.Flag("EciPricePerGibSecond"));
    }
}
