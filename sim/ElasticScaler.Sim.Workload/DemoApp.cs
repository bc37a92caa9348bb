using System.Text;
using ElasticScaler.Sim.Logs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Sim.Workload;

/// <summary>
/// The demo app as a real HTTP endpoint on 127.0.0.1: <c>GET /</c> (any path but /metrics) is one request through
/// the Service's load balancer; it is answered when the model says (a Task.Delay on the TimeProvider, so latency is
/// real wall time in live mode) with 200, 503 (queue full or no Ready pod), 504 (timed out) or 502 (the pod was
/// killed while serving). <c>GET /metrics</c> is the Prometheus text format. With a log writer, each request a pod
/// answered (200, or 503 from its full queue) is a line of that pod's log (<see cref="AccessLog"/>), for `kubectl logs`.
/// </summary>
public sealed class DemoApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceLoad _service;
    private readonly TimeProvider _time;
    private readonly IContainerLogWriter? _log;

    private DemoApp(WebApplication app, ServiceLoad service, WorkloadMetrics metrics, TimeProvider time, IContainerLogWriter? log)
    {
        _app = app;
        _service = service;
        _time = time;
        _log = log;
        Metrics = metrics;
    }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");
    public WorkloadMetrics Metrics { get; }

    public static async Task<DemoApp> StartAsync(ServiceLoad service, TimeProvider time, int port = 0, CancellationToken ct = default,
        IContainerLogWriter? log = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var demo = new DemoApp(app, service, new WorkloadMetrics(), time, log);
        app.Run(demo.Handle);
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        demo.BaseAddress = new Uri(bound.TrimEnd('/') + "/");
        return demo;
    }

    private async Task Handle(HttpContext context)
    {
        if (context.Request.Path == "/metrics")
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(await Metrics.ExportAsync(context.RequestAborted), context.RequestAborted);
            return;
        }
        var (pod, admission) = await Serve(context.RequestAborted);
        context.Response.StatusCode = admission.StatusCode;
        if (pod is not null) context.Response.Headers["X-Pod"] = pod.Name;
        string body = admission.Outcome switch
        {
            Outcome.Served or Outcome.Late => $"served by {pod!.Name}\n",
            Outcome.TimedOut => "upstream request timeout\n",
            Outcome.Rejected when pod is null => "no healthy upstream\n",
            Outcome.Rejected => "upstream overloaded\n",
            _ => "upstream connect error or disconnect/reset before headers\n",
        };
        await context.Response.WriteAsync(body, context.RequestAborted);
        if (_log is not null && pod is not null && admission.Outcome is Outcome.Served or Outcome.Late or Outcome.Rejected)
        {
            var request = context.Request;
            _log.Write(pod.Namespace, pod.Name, pod.ContainerName, admission.EndsAt, AccessLog.Request(
                context.Connection.RemoteIpAddress?.ToString() ?? "-", admission.EndsAt, request.Method, request.Path + request.QueryString,
                request.Protocol, admission.StatusCode, Encoding.UTF8.GetByteCount(body), request.Headers.UserAgent.ToString(), admission.Latency));
        }
    }

    /// <summary>One request: admitted by a pod, then held until the model's answer time; retried if its pod dies before serving it.</summary>
    public async Task<(PodLoad? Pod, Admission Admission)> Serve(CancellationToken ct)
    {
        var arrived = _time.GetUtcNow();
        for (int attempt = 0; ; attempt++)
        {
            var (pod, admission) = _service.Send(_time.GetUtcNow(), attempt);
            if (pod is null || admission.EndsAt <= _time.GetUtcNow())
                return Finish(pod, admission with { ArrivedAt = arrived });
            var inFlight = Metrics.InFlight.WithLabels(pod.Name);
            inFlight.Inc();
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, pod.Gone);
                // Read the clock once: the answer time may pass between the check above and here, and a negative delay throws.
                var wait = admission.EndsAt - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, _time, linked.Token);
                return Finish(pod, admission with { ArrivedAt = arrived });
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                bool notStarted = pod.KilledAt is { } killed && killed <= admission.StartsAt;
                if (!notStarted || attempt >= _service.Options.Retries)
                    return Finish(pod, new Admission(Outcome.Failed, arrived, now, now));
            }
            finally
            {
                inFlight.Dec();
            }
        }
    }

    private (PodLoad?, Admission) Finish(PodLoad? pod, Admission admission)
    {
        Metrics.Record(pod, admission);
        return (pod, admission);
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
