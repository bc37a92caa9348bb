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
    public void Defaults_are_HPAs_and_client_gos()
    {
        var (o, errors) = Bind();
        Assert.Empty(errors);
        Assert.Equal((TimeSpan.FromSeconds(15), 2, 8080, false), (o.SyncPeriod, o.Workers, o.MetricsPort, o.LeaderElect));
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
    public void Flags_are_spelled_from_option_names()
    {
        Assert.Equal("--sync-period", ControllerOptionsBinder.Flag("SyncPeriod"));
        Assert.Equal("--eci-price-per-gib-second", ControllerOptionsBinder.Flag("EciPricePerGibSecond"));
    }
}
