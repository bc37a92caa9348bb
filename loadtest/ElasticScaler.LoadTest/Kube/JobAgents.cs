using System.Net;
using System.Text.Json;
using ElasticScaler.LoadTest.Agents;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.LoadTest.Kube;

/// <summary>
/// Agents as a Kubernetes Indexed Job (<see cref="AgentJob"/>). The coordinator listens on <c>--listen</c>: each agent
/// pod GETs <c>/v1/assignment/{index}</c>, then POSTs its NDJSON stream to <c>/v1/agents/{index}/stream</c>. The pods are
/// listed once a second to name them in the report and to notice one that ended or failed before it made contact.
/// Disposing deletes the Job and its pods (background propagation), on every way out: the end, an error, Ctrl-C.
/// </summary>
internal sealed class JobAgents : IAgentFleet
{
    private readonly Kubernetes _client;
    private readonly string _namespace;
    private readonly string _image;
    private readonly IPEndPoint _listen;
    private readonly Uri _advertised;
    private readonly int _count;
    private readonly TextWriter _stderr;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private bool _created;
    private bool _podsRefused;

    public JobAgents(Kubernetes client, string ns, int count, string image, IPEndPoint listen, Uri advertised, TextWriter stderr)
    {
        _stderr = stderr;
        _client = client;
        _namespace = ns;
        _count = count;
        _image = image;
        _listen = listen;
        _advertised = advertised;
    }

    public IReadOnlyList<string> Addresses => Enumerable.Range(0, _count).Select(i => $"{AgentJob.Name(_runId)} index {i}").ToList();

    /// <summary>The Job's name (for messages).</summary>
    public string JobName => AgentJob.Name(_runId);

    public async Task RunAsync(Func<int, AgentAssignment> assignment, AgentTracker tracker, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(_listen);
            // A stream is quiet until the start instant, then a line a second for as long as the run lasts.
            o.Limits.MinRequestBodyDataRate = null;
            o.Limits.MaxRequestBodySize = null;
        });
        await using var app = builder.Build();
        app.MapGet("/v1/assignment/{index:int}", (int index) =>
            index >= 0 && index < _count ? Results.Json(assignment(index), AgentJson.Options) : Results.NotFound($"no agent {index}: this run has {_count}\n"));
        app.MapPost("/v1/agents/{index:int}/stream", async (int index, HttpContext ctx) =>
        {
            if (index < 0 || index >= _count)
            {
                return Results.NotFound($"no agent {index}: this run has {_count}\n");
            }

            string? why = null;
            try
            {
                using var reader = new StreamReader(ctx.Request.Body);
                while (await reader.ReadLineAsync(ctx.RequestAborted).ConfigureAwait(false) is { } line)
                {
                    if (line.Length > 0)
                    {
                        tracker.OnMessage(index, AgentJson.Parse(line), time.GetUtcNow(), line.Length + 1);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or JsonException or FormatException or BadHttpRequestException)
            {
                why = ex.GetBaseException().Message;
            }
            finally
            {
                tracker.OnStreamEnded(index, why);
            }

            return Results.Ok();
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var job = AgentJob.Build(_runId, _count, _image, _advertised, assignment(0).StartAt);
        await _client.BatchV1.CreateNamespacedJobAsync(job, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        _created = true;
        using var timer = new PeriodicTimer(AgentTracker.Interval, time);
        try
        {
            while (!tracker.AllSettled)
            {
                await FollowPodsAsync(tracker, cancellationToken).ConfigureAwait(false);
                await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The coordinator is done or cancelled: the Job goes on dispose.
        }

        // Streams still open (agents given up on, or Ctrl-C) are cut after a moment instead of drained.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(drain.Token).ConfigureAwait(false);
    }

    /// <summary>Names each index by its pod, and settles an agent whose pod ended before it ever made contact.</summary>
    private async Task FollowPodsAsync(AgentTracker tracker, CancellationToken token)
    {
        V1PodList pods;
        try
        {
            pods = await _client.CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: $"{AgentJob.RunLabel}={_runId}", cancellationToken: token).ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            if (!_podsRefused)
            {
                _podsRefused = true;
                await _stderr.WriteLineAsync($"warning: cannot list the agents' pods: {(int)ex.Response.StatusCode}; agents are named by index only (fix: grant list on pods, deploy/loadtest/rbac.yaml)").ConfigureAwait(false);
            }

            return;
        }

        foreach (var pod in pods.Items)
        {
            if (pod.Metadata.Annotations is not { } annotations || !annotations.TryGetValue(AgentJob.CompletionIndexAnnotation, out var text)
                || !int.TryParse(text, out var index) || index < 0 || index >= _count)
            {
                continue;
            }

            tracker.SetAddress(index, $"pod {pod.Metadata.Name}");
            if (pod.Status?.Phase is "Failed" or "Succeeded" && tracker.StatusOf(index) == AgentStatus.Waiting)
            {
                tracker.OnStreamEnded(index, $"pod {pod.Metadata.Name} ended ({pod.Status.Phase}) without contacting the coordinator");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_created)
        {
            try
            {
                await _client.BatchV1.DeleteNamespacedJobAsync(JobName, _namespace, propagationPolicy: "Background").ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                await _stderr.WriteLineAsync($"error: could not delete Job {JobName}: {ex.Message}; fix: kubectl delete job {JobName} -n {_namespace}, and grant delete on jobs (deploy/loadtest/rbac.yaml)").ConfigureAwait(false);
            }
        }

        _client.Dispose();
    }
}
