using System.CommandLine;
using ElasticScaler.Autoscaler.Run;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Options;

namespace ElasticScaler.Autoscaler.Tests;

/// <summary><c>run</c>'s contract: every option listed, every bad value refused with exit 2 before anything starts.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class RunCommandTests
{
    private static string Help()
    {
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        var output = new StringWriter();
        root.Parse(["run", "--help"]).Invoke(new InvocationConfiguration { Output = output });
        return output.ToString();
    }

    [Fact]
    public void Help_lists_every_option_the_issue_names_and_every_option_the_service_has()
    {
        var help = Help();
        foreach (var flag in new[] { "--kubeconfig", "--namespace", "--sync-period", "--workers", "--metrics-port", "--leader-elect", "--lease-namespace", "--dump-dir", "--dry-run" })
            Assert.Contains(flag, help);
        foreach (var (flag, _, _) in RunCommand.Values.Concat(RunCommand.Switches))
            Assert.Contains(flag, help);
    }

    [Fact]
    public void Each_flag_is_the_spelling_the_options_validator_names_in_its_errors()
    {
        foreach (var (flag, option, _) in RunCommand.Values.Concat(RunCommand.Switches))
            Assert.Equal(flag, ControllerOptionsBinder.Flag(option));
        // And each names a real option.
        var options = typeof(ControllerOptions).GetProperties().Select(p => p.Name).ToHashSet();
        Assert.All(RunCommand.Values.Concat(RunCommand.Switches), v => Assert.Contains(v.Option, options));
    }

    [Fact]
    public async Task A_bad_flag_value_exits_2_naming_the_flag_and_the_fix_before_anything_listens()
    {
        var stderr = new StringWriter();
        int exit = await ServiceHost.RunAsync(new Dictionary<string, string?> { ["SyncPeriod"] = "15", ["Workers"] = "0", ["Kubeconfig"] = "/no/such/file" }, stderr);
        Assert.Equal(2, exit);
        var errors = stderr.ToString();
        Assert.Contains("--sync-period: \"15\": must be a duration such as", errors);
        Assert.Contains("--workers: 0: must be between 1 and 64", errors);
        Assert.Contains("--kubeconfig: \"/no/such/file\": no such file", errors);
    }

    [Fact]
    public async Task Options_come_from_the_environment_too_and_are_checked_the_same_way()
    {
        Environment.SetEnvironmentVariable("ELASTICSCALER_Controller__LeaseDuration", "1s");
        try
        {
            var stderr = new StringWriter();
            int exit = await ServiceHost.RunAsync(new Dictionary<string, string?> { ["LeaderElect"] = "true" }, stderr);
            Assert.Equal(2, exit);
            Assert.Contains("--lease-duration: 1s: must be longer than --renew-deadline (10s)", stderr.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("ELASTICSCALER_Controller__LeaseDuration", null);
        }
    }

    [Fact]
    public async Task A_kubeconfig_that_does_not_read_exits_2_with_its_message()
    {
        var file = Path.Combine(Path.GetTempPath(), $"es-bad-kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Config\nclusters: [}\n");
        try
        {
            var stderr = new StringWriter();
            int exit = await ServiceHost.RunAsync(new Dictionary<string, string?> { ["Kubeconfig"] = file, ["MetricsPort"] = "0" }, stderr);
            Assert.Equal(2, exit);
            Assert.Contains("--kubeconfig: cannot build a Kubernetes client", stderr.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Tests that set process environment variables run alone.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;
