using System.Net;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticScaler.Service.Hosting;

/// <summary>
/// <c>run</c>: the service as a process. Configuration from appsettings.json, then ELASTICSCALER_* environment
/// variables, then the flags; options checked before anything starts (exit 2 naming each bad option); the
/// controller as a hosted service; /metrics, /healthz and /readyz on the metrics port; JSON logs with the
/// scaler's namespace and name as scope. Ends on SIGTERM/Ctrl-C.
/// </summary>
public static class ServiceHost
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitBadOptions = 2;

    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?> flags, TextWriter stderr, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Configuration.AddEnvironmentVariables("ELASTICSCALER_");
        builder.Configuration.AddInMemoryCollection(flags.Select(kv => new KeyValuePair<string, string?>($"{ControllerOptions.Section}:{kv.Key}", kv.Value)));

        // The options pattern, checked here as ValidateOnStart would, so a bad value exits 2 before any port is bound.
        var options = new ControllerOptions();
        new ControllerOptionsBinder(builder.Configuration).Configure(options);
        if (new ControllerOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            foreach (var failure in invalid.Failures) stderr.WriteLine($"error: {failure}");
            stderr.WriteLine("run with run --help for every option and its default");
            return ExitBadOptions;
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton<IConfigureOptions<ControllerOptions>, ControllerOptionsBinder>();
        builder.Services.AddSingleton<IValidateOptions<ControllerOptions>, ControllerOptionsValidator>();
        builder.Services.AddOptions<ControllerOptions>().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
            var metrics = sp.GetRequiredService<ServiceMetrics>();
            return new ScalerController(KubeClientFactory.Create(o, metrics), o, sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(), metrics, o.Identity ?? KubeClientFactory.DefaultIdentity());
        });
        builder.Services.AddHostedService<ControllerWorker>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.MetricsBindAddress), options.MetricsPort));

        WebApplication app;
        try
        {
            app = builder.Build();
            _ = app.Services.GetRequiredService<ScalerController>(); // a bad kubeconfig fails here, with its message
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever reading the kubeconfig threw (KubeConfigException, a YAML parse error, a missing certificate
            // file): the input is at fault, and the process boundary is where it becomes a message and exit code 2.
            stderr.WriteLine($"error: --kubeconfig: cannot build a Kubernetes client: {e.Message}");
            return ExitBadOptions;
        }
        var controller = app.Services.GetRequiredService<ScalerController>();
        var worker = app.Services.GetServices<IHostedService>().OfType<ControllerWorker>().Single();
        app.MapGet("/healthz", () => worker.Running ? Results.Text("ok") : Results.Text("controller loop stopped", statusCode: 500));
        app.MapGet("/readyz", () => controller.Ready ? Results.Text("ok") : Results.Text("caches not synced yet", statusCode: 503));
        app.MapGet("/metrics", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await http.Response.WriteAsync(await controller.Metrics.ExportAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false);
        });
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"error: --metrics-port: {options.MetricsPort}: cannot listen: {e.Message}");
            return ExitFailed;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        Log.Serving(app.Logger, address);
        await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
        return worker.Failure is null ? ExitOk : ExitFailed;
    }
}
