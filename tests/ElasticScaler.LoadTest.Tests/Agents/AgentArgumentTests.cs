using ElasticScaler.LoadTest.Cli;
using ElasticScaler.LoadTest.Tests.Integration;
using k8s;
using k8s.Models;

namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class AgentArgumentTests
{
    [Theory]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|no-port-here", "--agents-at: 'no-port-here' is not host:port")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|,", "--agents-at: no agent given")]
    [InlineData("run|--url|http://127.0.0.1:1/|--allow-partial", "--allow-partial and --start-delay apply to runs on agents")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|127.0.0.1:7071|--start-delay|-1s", "--start-delay: '-1s'")]
    [InlineData("run|--url|http://127.0.0.1:1/|--agents-at|127.0.0.1:7071|--metrics-port|9464", "run in one process only")]
    [InlineData("agent", "agent: --listen is required")]
    [InlineData("agent|--listen|somewhere", "--listen: 'somewhere' is not IP:PORT")]
    public async Task Bad_agent_arguments_exit_2_with_the_fix(string args, string expected)
    {
        var (exit, _, error) = await Run.CliAsync(args.Split('|'));

        Assert.Equal(ExitCodes.BadConfig, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("fix", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_coordinator_job_runs_options_the_cli_accepts_as_its_own_service_account()
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(AgentProcess.RepoPath("deploy", "loadtest", "coordinator-job.yaml")));
        var job = Assert.IsType<V1Job>(Assert.Single(objects));
        var container = Assert.Single(job.Spec.Template.Spec.Containers);

        var settings = LoadTestCommand.ParseRunSettings(container.Args.Skip(1).ToList());

        Assert.Equal("run", container.Args[0]);
        Assert.Equal(4, settings.Agents!.Count);
        Assert.Equal("loadtest", settings.Agents.Namespace);
        Assert.Equal("elasticscaler-loadtest", job.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal("status.podIP", container.Env.Single(e => e.Name == "POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal(7070, settings.Agents.Listen!.Port);
        Assert.Equal(2, settings.Scenario.Thresholds.Count);
        var listed = File.ReadAllLines(AgentProcess.RepoPath("deploy", "loadtest", "Kustomization")).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]);
        Assert.Equal(Directory.EnumerateFiles(AgentProcess.RepoPath("deploy", "loadtest"), "*.yaml").Select(Path.GetFileName).Order(), listed.Order());
    }
}
