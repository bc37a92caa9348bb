using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// An agent pod of the Indexed Job (<c>agent --index I --of N --coordinator URL</c>): fetches its assignment from the
/// coordinator, then streams its NDJSON lines to it as one long chunked POST, and exits with the run's code.
/// </summary>
public static class JobAgentClient
{
    /// <summary>How long an agent keeps asking for its assignment while the coordinator's listener comes up.</summary>
    public static readonly TimeSpan AssignmentPatience = TimeSpan.FromSeconds(30);

    /// <summary>Runs agent <paramref name="index"/> of <paramref name="of"/>; returns its exit code (2 bad assignment, 3 target or coordinator unreachable).</summary>
    public static async Task<int> RunAsync(int index, int of, Uri coordinator, TimeProvider time, TextWriter stderr, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };
        var assignment = await FetchAsync(http, new Uri(coordinator, $"v1/assignment/{index}"), time, stderr, cancellationToken).ConfigureAwait(false);
        if (assignment is null)
        {
            return ExitCodes.Unreachable;
        }

        if (assignment.Index != index || assignment.Of != of)
        {
            await stderr.WriteLineAsync($"error: the coordinator assigned agent {assignment.Index} of {assignment.Of}, but this is --index {index} --of {of}; fix: run the Job the coordinator created").ConfigureAwait(false);
            return ExitCodes.BadConfig;
        }

        var content = new StreamingContent(assignment, time, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(coordinator, $"v1/agents/{index}/stream")) { Content = content };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"error: the coordinator refused the stream: {(int)response.StatusCode}").ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The coordinator stopped listening (it gave up on this agent, or was cancelled): this agent's share is not counted.
            await stderr.WriteLineAsync($"error: the stream to the coordinator broke off: {ex.GetBaseException().Message}").ConfigureAwait(false);
            return ExitCodes.ThresholdFailed;
        }

        return content.ExitCode;
    }

    private static async Task<AgentAssignment?> FetchAsync(HttpClient http, Uri uri, TimeProvider time, TextWriter stderr, CancellationToken token)
    {
        var deadline = time.GetUtcNow() + AssignmentPatience;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(uri, token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    await stderr.WriteLineAsync($"error: {uri}: {await response.Content.ReadAsStringAsync(token).ConfigureAwait(false)}").ConfigureAwait(false);
                    return null;
                }

                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<AgentAssignment>(AgentJson.Options, token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (time.GetUtcNow() < deadline)
            {
                _ = ex;
                await Task.Delay(TimeSpan.FromMilliseconds(500), time, token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await stderr.WriteLineAsync($"error: coordinator {uri.GetLeftPart(UriPartial.Authority)} unreachable for {AssignmentPatience.TotalSeconds:0} s: {ex.Message}; fix: check the coordinator's --listen address and that it is reachable from the pods").ConfigureAwait(false);
                return null;
            }
        }
    }

    /// <summary>The request body: the run itself, each line written and flushed as it comes (chunked, no length).</summary>
    private sealed class StreamingContent(AgentAssignment assignment, TimeProvider time, CancellationToken token) : HttpContent
    {
        public int ExitCode { get; private set; } = ExitCodes.BadConfig;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            ExitCode = await AgentRun.RunAsync(assignment, async (message, t) =>
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(AgentJson.Line(message) + "\n"), t).ConfigureAwait(false);
                await stream.FlushAsync(t).ConfigureAwait(false);
            }, time, token).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
