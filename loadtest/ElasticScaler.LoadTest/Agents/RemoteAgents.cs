using System.Net.Http.Json;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// Standalone agents (<c>loadtest agent --listen ADDR</c>) named by <c>run --agents-at A,B,C</c>: the coordinator
/// POSTs each its assignment to <c>/v1/run</c> and reads the NDJSON stream of the response until it ends. Closing
/// the request (Ctrl-C, the run's end) stops the agent's run.
/// </summary>
internal sealed class RemoteAgents : IAgentFleet
{
    private readonly IReadOnlyList<Uri> _agents;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public RemoteAgents(IReadOnlyList<Uri> agents) => _agents = agents;

    public IReadOnlyList<string> Addresses => _agents.Select(u => u.Authority).ToList();

    /// <summary>Parses <c>host:port</c> or <c>http://host:port</c>; throws <see cref="LoadConfigException"/> naming the flag.</summary>
    public static Uri ParseAddress(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort && !text.Contains(":80", StringComparison.Ordinal)
            || uri.AbsolutePath != "/")
        {
            throw new LoadConfigException($"--agents-at: '{text}' is not host:port; fix: list agents as --agents-at 10.0.0.5:7071,10.0.0.6:7071 (each started with 'agent --listen ADDR')");
        }

        return uri;
    }

    public async Task RunAsync(Func<int, AgentAssignment> assignment, AgentTracker tracker, TimeProvider time, CancellationToken cancellationToken) =>
        await Task.WhenAll(_agents.Select((uri, i) => StreamAsync(uri, assignment(i), tracker, time, cancellationToken))).ConfigureAwait(false);

    private async Task StreamAsync(Uri agent, AgentAssignment assignment, AgentTracker tracker, TimeProvider time, CancellationToken token)
    {
        string? why = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(agent, "v1/run")) { Content = JsonContent.Create(assignment, options: AgentJson.Options) };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                why = $"{agent.Authority} answered {(int)response.StatusCode}: {body.Trim()}";
                return;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false));
            while (await reader.ReadLineAsync(token).ConfigureAwait(false) is { } line)
            {
                if (line.Length > 0)
                {
                    tracker.OnMessage(assignment.Index, AgentJson.Parse(line), time.GetUtcNow(), line.Length + 1);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            why = "stopped by the coordinator";
        }
        catch (Exception ex)
        {
            why = $"{agent.Authority}: {ex.GetBaseException().Message}";
        }
        finally
        {
            tracker.OnStreamEnded(assignment.Index, why);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
