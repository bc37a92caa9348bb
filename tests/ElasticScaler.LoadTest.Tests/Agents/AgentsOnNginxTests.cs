using System.Text.Json;
using System.Text.RegularExpressions;
using ElasticScaler.LoadTest.Tests.Integration;
using ElasticScaler.Tests.Shared;

namespace ElasticScaler.LoadTest.Tests.Agents;

/// <summary>Three standalone agent processes on loopback against a real nginx, a coordinator in this process.</summary>
public sealed class AgentsOnNginxTests : IAsyncLifetime
{
    private NginxServer? _nginx;
    private readonly List<AgentProcess> _agents = [];
    private readonly string _report = Directory.CreateTempSubdirectory("lt-agents-").FullName;

    public async Task InitializeAsync()
    {
        if (!NginxServer.Installed)
        {
            return;
        }

        _nginx = await NginxServer.StartAsync();
        _agents.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => AgentProcess.StartAsync())));
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        Directory.Delete(_report, recursive: true);
    }

    private string AgentsAt => string.Join(",", _agents.Select(a => a.Address));

    [SkippableFact]
    public async Task Three_agents_merge_to_the_sum_of_their_counts_and_report_one_row_each()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");

        var (exit, output, error) = await Run.CliAsync("run", "--url", _nginx!.Url.ToString(), "--concurrency", "7", "--duration", "2s",
            "--agents-at", AgentsAt, "--start-delay", "1s", "--threshold", "success_rate >= 99%", "--report", _report, "--quiet");

        Assert.True(exit == ExitCodes.Passed, output + error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_report, "report.json")));
        var agents = json.RootElement.GetProperty("agents").EnumerateArray().ToList();
        var merged = json.RootElement.GetProperty("scenarios")[0].GetProperty("stats");
        Assert.Equal(3, agents.Count);
        Assert.All(agents, a => Assert.Equal("completed", a.GetProperty("status").GetString()));
        Assert.All(agents, a => Assert.True(a.GetProperty("requests").GetInt64() > 0));
        var total = merged.GetProperty("allRequestCount").GetInt64();
        Assert.Equal(agents.Sum(a => a.GetProperty("requests").GetInt64()), total);
        Assert.Equal(total, merged.GetProperty("statusCodes").GetProperty("200").GetInt64());
        // nginx served every merged request; at most the 7 in flight when the agents stopped came on top, unrecorded.
        var served = _nginx.RequestsServed;
        Assert.InRange(served - total, 0, 7);
        // Concurrency 7 over 3 agents is 3 + 2 + 2 looping users: the peaks add up to 7, not 3 × 7.
        Assert.Equal(7, merged.GetProperty("peakConcurrency").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("agentCoverage", out _));
        var html = await File.ReadAllTextAsync(Path.Combine(_report, "report.html"));
        Assert.Contains("<table id=\"agents\">", html, StringComparison.Ordinal);
        var junit = await File.ReadAllTextAsync(Path.Combine(_report, "junit.xml"));
        Assert.Contains("name=\"all agents ran\"", junit, StringComparison.Ordinal);
        Assert.DoesNotContain("partial result", junit, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_killed_agent_is_reported_and_fails_the_run()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");

        var run = Run.CliAsync("run", "--url", _nginx!.Url.ToString(), "--concurrency", "6", "--duration", "5s",
            "--agents-at", AgentsAt, "--start-delay", "1s", "--threshold", "success_rate >= 99%", "--report", _report, "--quiet");
        // Mid-run: the start is 1 s away and the load lasts 5 s; a fresh agent process answers its first request within ~2 s (JIT).
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        _agents[1].Kill();
        var (exit, output, error) = await run;

        Assert.True(exit == ExitCodes.ThresholdFailed, output + error);
        Assert.Matches($@"error: agent 1 \({Regex.Escape(_agents[1].Address)}[^)]*\)\): died after \d+ interval", error);
        Assert.Contains("partial result: the threshold verdict covers only agents 0, 2 of 3; the run fails", error, StringComparison.Ordinal);
        Assert.Contains("✓ success_rate >= 99%", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_report, "report.json")));
        Assert.Equal(["completed", "died", "completed"], json.RootElement.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("status").GetString()));
        Assert.Equal("covers only agents 0, 2 of 3", json.RootElement.GetProperty("agentCoverage").GetString());
        Assert.Equal("covers only agents 0, 2 of 3", json.RootElement.GetProperty("thresholds")[0].GetProperty("covers").GetString());
        Assert.Contains("partial result: the verdict covers only agents 0, 2 of 3", await File.ReadAllTextAsync(Path.Combine(_report, "junit.xml")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_agent_that_never_starts_is_reported_and_allow_partial_lets_the_thresholds_decide()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");
        var nobody = $"127.0.0.1:{Run.FreePort()}";

        var (exit, output, error) = await Run.CliAsync("run", "--url", _nginx!.Url.ToString(), "--rate", "50", "--duration", "1s",
            "--agents-at", $"{_agents[0].Address},{nobody}", "--start-delay", "1s", "--threshold", "success_rate >= 99%", "--allow-partial", "--quiet");

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Contains($"error: agent 1 ({nobody}): never started", error, StringComparison.Ordinal);
        Assert.Contains("covers only agents 0 of 2 (--allow-partial: the thresholds decide the exit code)", error, StringComparison.Ordinal);
        Assert.Contains("partial: the verdict covers only agents 0 of 2", output, StringComparison.Ordinal);
        // Rate 50 over two agents: agent 0 ran its 25 per second alone.
        Assert.Matches(@"agent 0 [^\n]*: completed, 2[5-6] requests", output);
    }

    [SkippableFact]
    public async Task An_agent_that_falls_silent_for_more_than_two_intervals_is_reported_lagging_and_fails_the_run()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");

        var run = Run.CliAsync("run", "--url", _nginx!.Url.ToString(), "--concurrency", "3", "--duration", "5s",
            "--agents-at", AgentsAt, "--start-delay", "1s", "--report", _report, "--quiet");
        // Mid-run, well after a fresh agent process has answered (its first request pays for the JIT).
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        _agents[2].Freeze();
        var (exit, output, error) = await run;

        Assert.True(exit == ExitCodes.ThresholdFailed, output + error);
        Assert.Matches(@"error: agent 2 \([^)]*\)[^:]*: lagging: ", error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_report, "report.json")));
        var lagging = json.RootElement.GetProperty("agents")[2];
        Assert.Equal("lagging", lagging.GetProperty("status").GetString());
        Assert.True(lagging.GetProperty("lagged").GetBoolean());
        Assert.Equal("covers only agents 0, 1 of 3", json.RootElement.GetProperty("agentCoverage").GetString());
    }
}
