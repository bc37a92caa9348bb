using System.CommandLine;
using System.CommandLine.Parsing;
using ElasticScaler.LoadTest.Agents;

namespace ElasticScaler.LoadTest.Cli;

/// <summary>
/// <c>agent --listen ADDR</c>: a standalone agent that runs the share of a load test a coordinator
/// (<c>run --agents-at</c>) assigns it and streams the results back; it keeps serving until Ctrl-C.
/// </summary>
internal static class AgentCommand
{
    private static readonly Option<int?> Index = new("--index") { Description = "In a Job's pod: this agent's index ($(JOB_COMPLETION_INDEX))" };
    private static readonly Option<int?> Of = new("--of") { Description = "In a Job's pod: how many agents the run has" };
    private static readonly Option<string?> Coordinator = new("--coordinator") { Description = "In a Job's pod: the coordinator's URL to fetch the assignment from and stream to" };
    private static readonly Option<string?> Listen = new("--listen") { Description = "Address to serve the agent protocol on, IP:PORT (0.0.0.0:7071 for all interfaces; port 0 picks one)" };

    public static Command Create(TextWriter stdout, TextWriter stderr, Action<int> exit)
    {
        var agent = new Command("agent", "Run as a load-test agent: take a share of a coordinator's load, stream 1 s HdrHistogram intervals back.");
        agent.Options.Add(Listen);
        agent.Options.Add(Index);
        agent.Options.Add(Of);
        agent.Options.Add(Coordinator);
        agent.SetAction(async (parse, token) =>
        {
            var code = await RunAsync(parse, stdout, stderr, token).ConfigureAwait(false);
            exit(code);
            return code;
        });
        return agent;
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        var index = parse.GetValue(Index);
        var of = parse.GetValue(Of);
        var coordinator = parse.GetValue(Coordinator);
        if (index is not null || of is not null || coordinator is not null)
        {
            return await RunInJobAsync(index, of, coordinator, parse.GetValue(Listen) is not null, stderr, token).ConfigureAwait(false);
        }

        if (parse.GetValue(Listen) is not { } listen)
        {
            await stderr.WriteLineAsync("error: agent: --listen is required (or --index, --of and --coordinator in a Job's pod); fix: e.g. agent --listen 0.0.0.0:7071, then run --agents-at HOST:7071").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        System.Net.IPEndPoint endPoint;
        try
        {
            endPoint = ListenAddress.Parse(listen, "--listen");
        }
        catch (LoadConfigException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        AgentServer server;
        try
        {
            server = await AgentServer.StartAsync(endPoint, TimeProvider.System, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            await stderr.WriteLineAsync($"error: --listen {listen}: cannot listen: {ex.Message}; fix: choose a free port").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        await using (server.ConfigureAwait(false))
        {
            await stdout.WriteLineAsync($"agent: listening on {server.Address}").ConfigureAwait(false);
            await stdout.FlushAsync(token).ConfigureAwait(false);
            await server.WaitAsync(token).ConfigureAwait(false);
        }

        return ExitCodes.Passed;
    }

    private static async Task<int> RunInJobAsync(int? index, int? of, string? coordinator, bool listen, TextWriter stderr, CancellationToken token)
    {
        var problems = new List<string>();
        if (listen)
        {
            problems.Add("agent: --listen (standalone) and --index/--of/--coordinator (a Job's pod) exclude each other; fix: use one form");
        }

        if (index is null || of is null || coordinator is null)
        {
            problems.Add("agent: a Job's pod needs --index, --of and --coordinator together; fix: agent --index $(JOB_COMPLETION_INDEX) --of N --coordinator http://HOST:PORT/");
        }
        else if (of < 1 || index < 0 || index >= of)
        {
            problems.Add($"agent: --index {index} --of {of}: needs 0 <= index < of; fix: pass the Job's completion index and its completions");
        }

        Uri? url = null;
        if (coordinator is not null && (!Uri.TryCreate(coordinator, UriKind.Absolute, out url) || url.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"agent: --coordinator '{coordinator}' is not an http:// URL; fix: e.g. --coordinator http://10.0.0.5:7070/");
        }

        if (problems.Count > 0)
        {
            foreach (var p in problems)
            {
                await stderr.WriteLineAsync("error: " + p).ConfigureAwait(false);
            }

            return ExitCodes.BadConfig;
        }

        return await JobAgentClient.RunAsync(index!.Value, of!.Value, url!, TimeProvider.System, stderr, token).ConfigureAwait(false);
    }

    /// <summary>The tokens of the load-shaping options as given on the command line, for the agents to parse again.</summary>
    public static IReadOnlyList<string> ForwardedArgs(ParseResult parse, RunArguments arguments)
    {
        var args = new List<string>();
        foreach (var option in arguments.ForAgents)
        {
            if (parse.GetResult(option) is not OptionResult { Implicit: false } result)
            {
                continue;
            }

            if (result.Tokens.Count == 0)
            {
                args.Add(option.Name);
            }

            foreach (var token in result.Tokens)
            {
                args.Add(option.Name);
                args.Add(token.Value);
            }
        }

        return args;
    }
}
