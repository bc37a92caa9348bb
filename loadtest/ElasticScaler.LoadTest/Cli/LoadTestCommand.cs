using System.CommandLine;
using System.Globalization;
using ElasticScaler.LoadTest.Agents;
using ElasticScaler.LoadTest.Http;
using ElasticScaler.LoadTest.Kube;

namespace ElasticScaler.LoadTest.Cli;

/// <summary>
/// The command line: <c>run --url URL [--profile pts-ramp] [--threshold EXPR]... [--report DIR]</c> or
/// <c>run --scenario FILE</c>. Exit codes: 0 passed, 1 threshold failed, 2 bad arguments, 3 unreachable.
/// </summary>
public static class LoadTestCommand
{
    /// <summary>Parses <paramref name="args"/>, runs, prints progress and the summary, and returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var arguments = new RunArguments();
        var run = new Command("run", "Run a load test against an HTTP target and gate on thresholds.");
        foreach (var option in arguments.All)
        {
            run.Options.Add(option);
        }

        var root = new RootCommand("ElasticScaler load tester: NBomber-shaped scenarios, open and closed models, thresholds as a release gate.");
        root.Subcommands.Add(run);
        var exit = ExitCodes.Passed;
        var agent = AgentCommand.Create(stdout, stderr, code => exit = code);
        root.Subcommands.Add(agent);
        run.SetAction(async (parse, token) =>
        {
            exit = await RunAsync(parse, arguments, stdout, stderr, token).ConfigureAwait(false);
            return exit;
        });

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync("fix: see 'run --help' for the options").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken).ConfigureAwait(false);
        return parsed.CommandResult.Command == run || parsed.CommandResult.Command == agent ? exit : code;
    }

    /// <summary>The settings <c>run</c> would build from <paramref name="args"/> (an agent re-parsing its coordinator's options).</summary>
    internal static RunSettings ParseRunSettings(IReadOnlyList<string> args)
    {
        var arguments = new RunArguments();
        var run = new Command("run");
        foreach (var option in arguments.All)
        {
            run.Options.Add(option);
        }

        var parsed = run.Parse([.. args]);
        if (parsed.Errors.Count > 0)
        {
            throw new LoadConfigException(string.Join("\n", parsed.Errors.Select(e => e.Message)) + "\nfix: see 'run --help' for the options");
        }

        return RunSettings.From(parsed, arguments);
    }

    private static async Task<int> RunAsync(ParseResult parse, RunArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        RunSettings settings;
        try
        {
            settings = RunSettings.From(parse, arguments);
        }
        catch (LoadConfigException ex)
        {
            foreach (var line in ex.Message.Split('\n'))
            {
                await stderr.WriteLineAsync("error: " + line).ConfigureAwait(false);
            }

            return ExitCodes.BadConfig;
        }

        if (await Reachability.CheckAsync(settings.Targets, settings.ConnectTimeout, token).ConfigureAwait(false) is { } unreachable)
        {
            await stderr.WriteLineAsync("error: " + unreachable).ConfigureAwait(false);
            return ExitCodes.Unreachable;
        }

        if (settings.Agents is { } agents)
        {
            return await RunWithAgentsAsync(parse, arguments, settings, agents, stdout, stderr, token).ConfigureAwait(false);
        }

        var runner = LoadRunner.RegisterScenarios(settings.Scenario).WithTestName(settings.Scenario.ScenarioName);
        if (settings.ReportFolder is { } folder)
        {
            runner = runner.WithReportFolder(folder);
        }

        KubernetesReplicaSource? replicas = null;
        if (settings.Replicas is { } r)
        {
            try
            {
                replicas = new KubernetesReplicaSource(r.Kubeconfig, r.Namespace, r.Kind, r.Name);
            }
            catch (Exception ex)
            {
                await stderr.WriteLineAsync($"error: --kubeconfig: cannot use '{r.Kubeconfig}': {ex.Message}; fix: give a valid kubeconfig with a current context").ConfigureAwait(false);
                return ExitCodes.BadConfig;
            }

            runner = runner.WithReplicaSampling(replicas);
        }

        if (settings.Metrics is { } m)
        {
            runner = runner.WithPrometheusMetrics(m.Port, m.Host);
            await stdout.WriteLineAsync($"metrics: http://{m.Host}:{m.Port}/metrics").ConfigureAwait(false);
        }

        await using var progress = new ConsoleProgress(!settings.Plain && !settings.Quiet && ConsoleProgress.TerminalIsInteractive,
            settings.Quiet ? TextWriter.Null : stdout);
        var result = await runner.WithProgress(progress).RunAsync(token).ConfigureAwait(false);
        await progress.DisposeAsync().ConfigureAwait(false);
        replicas?.Dispose();
        await stdout.WriteAsync(Summary(result)).ConfigureAwait(false);
        if (result.Error is not null)
        {
            await stderr.WriteLineAsync("error: " + result.Error).ConfigureAwait(false);
        }

        return result.ExitCode;
    }

    private static async Task<int> RunWithAgentsAsync(ParseResult parse, RunArguments arguments, RunSettings settings, AgentSettings agents,
        TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        AgentScenarioFile? file = null;
        if (parse.GetValue(arguments.Scenario) is { } path)
        {
            file = new AgentScenarioFile(Path.GetFileName(path), await File.ReadAllTextAsync(path, token).ConfigureAwait(false));
        }

        await using var fleet = await FleetAsync(agents, stderr).ConfigureAwait(false);
        if (fleet is null)
        {
            return ExitCodes.BadConfig;
        }

        LoadRunResult result;
        try
        {
            result = await AgentCoordinator.RunAsync(settings.Scenario, AgentCommand.ForwardedArgs(parse, arguments), file, fleet,
            new CoordinatorOptions(agents.StartDelay, agents.AllowPartial, settings.ReportFolder, settings.Quiet), TimeProvider.System, stdout, stderr, token)
            .ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException ex)
        {
            await stderr.WriteLineAsync($"error: --agents: the Kubernetes API refused: {(int)ex.Response.StatusCode} {ex.Response.Content}; fix: check --namespace and the RBAC in deploy/loadtest").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or System.Net.Sockets.SocketException)
        {
            await stderr.WriteLineAsync($"error: --agents: {ex.Message}; fix: check --kubeconfig (the API server) and that --listen is a free local address").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        await stdout.WriteAsync(Summary(result)).ConfigureAwait(false);
        return result.ExitCode;
    }

    /// <summary>Standalone agents, or a Job's pods through the kubeconfig (or the pod's own service account).</summary>
    private static async Task<IAgentFleet?> FleetAsync(AgentSettings agents, TextWriter stderr)
    {
        if (agents.Count == 0)
        {
            return new RemoteAgents(agents.At);
        }

        k8s.KubernetesClientConfiguration config;
        try
        {
            config = agents.Kubeconfig is { } path ? k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                : k8s.KubernetesClientConfiguration.IsInCluster() ? k8s.KubernetesClientConfiguration.InClusterConfig()
                : k8s.KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception ex)
        {
            await stderr.WriteLineAsync($"error: --kubeconfig: cannot use it: {ex.Message}; fix: give a valid kubeconfig with a current context, or run in a pod with a service account").ConfigureAwait(false);
            return null;
        }

        var ns = agents.Namespace ?? config.Namespace ?? "default";
        return new Kube.JobAgents(new k8s.Kubernetes(config), ns, agents.Count, agents.Image!, agents.Listen!, agents.Advertised(), stderr);
    }

    /// <summary>The end-of-run summary, k6 style: thresholds with ✓/✗, then the numbers.</summary>
    public static string Summary(LoadRunResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder();
        sb.Append('\n');
        foreach (var s in result.ScenarioStats)
        {
            sb.Append(inv, $"scenario {s.ScenarioName}: {s.AllRequestCount} requests in {s.Duration.TotalSeconds:0.0} s, {s.Rps:0.0} rps, ")
                .Append(inv, $"ok {s.Ok.Count}, fail {s.Fail.Count} ({s.ErrorRate * 100:0.##}%), dropped {s.Dropped}\n");
            sb.Append(inv, $"  latency ms: p50 {s.Latency.P50:0.##}  p75 {s.Latency.P75:0.##}  p90 {s.Latency.P90:0.##}  p95 {s.Latency.P95:0.##}  ")
                .Append(inv, $"p99 {s.Latency.P99:0.##}  p99.9 {s.Latency.P999:0.##}  max {s.Latency.MaxMs:0.##}\n");
            if (s.StatusCodes.Count > 0)
            {
                sb.Append("  status: ").AppendJoin(", ", s.StatusCodes.Select(kv => $"{(kv.Key == "0" ? "none" : kv.Key)}={kv.Value}")).Append('\n');
            }

            if (s.Errors.Count > 0)
            {
                sb.Append("  errors: ").AppendJoin(", ", s.Errors.Select(kv => $"{kv.Key}={kv.Value}")).Append('\n');
            }

            sb.Append(inv, $"  generator: {s.CpuPercent:0}% CPU of one core, {s.CpuMicrosPerRequest:0.#} µs CPU and {s.AllocatedBytesPerRequest:0} B allocated per request, peak concurrency {s.PeakConcurrency}\n");
        }

        foreach (var a in result.Agents)
        {
            sb.Append(inv, $"  agent {a.Index} {a.Address}: {a.Status}{(a.Lagged ? ", lagged" : "")}, {a.Requests} requests, {a.Rps:0.0} rps, ")
                .Append(inv, $"{a.Errors} errors, p95 {a.P95:0.##} ms, {a.CpuPercent:0}% CPU, {a.Intervals} intervals, stream {a.StreamBytesPerSecond:0} B/s")
                .Append(a.Problem is null ? "" : "; " + a.Problem).Append('\n');
        }

        if (result.AgentCoverage is not null)
        {
            sb.Append("  partial: the verdict ").Append(result.AgentCoverage).Append('\n');
        }

        foreach (var t in result.Thresholds)
        {
            sb.Append(t.Passed ? "  ✓ " : "  ✗ ").Append(t.Threshold).Append(inv, $"  (actual {t.Actual})").Append('\n');
        }

        if (result.AbortReason is not null)
        {
            sb.Append("stopped early: ").Append(result.AbortReason).Append('\n');
        }

        foreach (var f in result.ReportFiles)
        {
            sb.Append("report: ").Append(f).Append('\n');
        }

        sb.Append(result.ExitCode switch
        {
            ExitCodes.Passed => "result: passed (exit 0)\n",
            ExitCodes.ThresholdFailed => "result: FAILED (exit 1): a threshold failed or the run was aborted\n",
            _ => $"result: could not run (exit {result.ExitCode})\n",
        });
        return sb.ToString();
    }
}
