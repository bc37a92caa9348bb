using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// <c>loadtest agent --listen ADDR</c>: a standalone agent for machines outside a cluster. <c>POST /v1/run</c> takes an
/// <see cref="AgentAssignment"/> and answers with the run's NDJSON stream; one run at a time (409 while busy);
/// <c>GET /v1/health</c> answers "ok". A closed request stops the run. The server keeps listening between runs.
/// </summary>
public sealed class AgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _busy;

    private AgentServer(WebApplication app) => _app = app;

    /// <summary>The bound address (the real port when 0 was asked for).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts listening on <paramref name="endPoint"/>.</summary>
    public static async Task<AgentServer> StartAsync(IPEndPoint endPoint, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(endPoint);
            // The stream is quiet until the start instant, then a line a second for as long as the run lasts.
            o.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        var server = new AgentServer(app);
        app.MapGet("/v1/health", () => "ok\n");
        app.MapPost("/v1/run", (HttpContext ctx) => server.RunAsync(ctx, time));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("[::]", "0.0.0.0", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (Ctrl-C).</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    private async Task RunAsync(HttpContext ctx, TimeProvider time)
    {
        AgentAssignment? assignment;
        try
        {
            assignment = await JsonSerializer.DeserializeAsync<AgentAssignment>(ctx.Request.Body, AgentJson.Options, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await Reject(ctx, StatusCodes.Status400BadRequest, $"the body is not an assignment: {ex.Message}").ConfigureAwait(false);
            return;
        }

        if (assignment is null || assignment.Of < 1 || assignment.Index < 0 || assignment.Index >= assignment.Of)
        {
            await Reject(ctx, StatusCodes.Status400BadRequest, "the assignment needs 0 <= index < of").ConfigureAwait(false);
            return;
        }

        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            await Reject(ctx, StatusCodes.Status409Conflict, "this agent is already running a load test; start another agent or wait").ConfigureAwait(false);
            return;
        }

        try
        {
            ctx.Response.ContentType = AgentJson.NdJson;
            await ctx.Response.StartAsync(ctx.RequestAborted).ConfigureAwait(false);
            await AgentRun.RunAsync(assignment, async (message, token) =>
            {
                await ctx.Response.WriteAsync(AgentJson.Line(message) + "\n", Encoding.UTF8, token).ConfigureAwait(false);
                await ctx.Response.Body.FlushAsync(token).ConfigureAwait(false);
            }, time, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The coordinator went away: the run stops with it.
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private static async Task Reject(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        await ctx.Response.WriteAsync(message + "\n").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
