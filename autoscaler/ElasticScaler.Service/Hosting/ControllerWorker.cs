using ElasticScaler.Service.Controller;
using Microsoft.Extensions.Hosting;

namespace ElasticScaler.Service.Hosting;

/// <summary>Runs the controller for the host's lifetime; a controller that dies stops the host (exit 1), so a pod restarts.</summary>
public sealed class ControllerWorker(ScalerController controller, IHostApplicationLifetime lifetime) : BackgroundService
{
    public bool Running { get; private set; }
    public Exception? Failure { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Running = true;
        try
        {
            // Task.Run: StartAsync must return while the controller runs (dotnet/runtime#36063).
            await Task.Run(() => controller.RunAsync(stoppingToken), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failure = e;
            lifetime.StopApplication();
        }
        finally
        {
            Running = false;
        }
    }

    public override void Dispose()
    {
        controller.Dispose();
        base.Dispose();
    }
}
