using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Workload;

namespace ElasticScaler.Sim.Cli;

/// <summary>
/// `serve [--dir DIR] [--port N] [--preset empty|seed] [--persist]`: starts the sim API server on 127.0.0.1, writes
/// DIR/kubeconfig and DIR/scaler.kubeconfig, prints the address and an export line, and stops on Ctrl-C or SIGTERM.
/// Exit codes: 0 stopped cleanly, 2 bad arguments, 1 failed to start.
/// </summary>
public static class ServeCommand
{
    private const string Usage = "usage: serve [--dir DIR] [--port N] [--preset empty|seed] [--persist]";

    public static async Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        SimOptions options;
        try
        {
            options = Parse(args);
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message.Split(" (Parameter")[0]}\n{Usage}");
            return 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        SimulatedCluster cluster;
        try
        {
            // The API server plus the cluster behind it (nodes, scheduler, controllers, kubelets); the seed preset adds its nodes and WordPress.
            cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Sim = options, Preset = options.Preset }, stop.Token);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: could not start the sim: {e.Message}");
            return 1;
        }
        await using (cluster)
        {
            var sim = cluster.Api;
            // The demo app (sim.Workload) serves the seed's Service on 127.0.0.1, with the cost series beside its own on /metrics.
            await using var app = options.Preset == "seed"
                ? await LiveWorkload.StartAsync(sim, SeedPreset.Namespace, SeedPreset.Deployment, ct: stop.Token)
                : null;
            if (app is not null)
                cluster.Cost.Register(app.App.Metrics.Registry);
            var kubeconfig = Path.GetFullPath(sim.AdminKubeconfigPath);
            await stdout.WriteLineAsync($"sim API server listening on {sim.BaseAddress.ToString().TrimEnd('/')}");
            await stdout.WriteLineAsync($"scaler kubeconfig: {Path.GetFullPath(sim.ScalerKubeconfigPath)}");
            await stdout.WriteLineAsync($"export KUBECONFIG={kubeconfig}");
            if (app is not null)
                await stdout.WriteLineAsync($"app: {app.BaseAddress} (Service {SeedPreset.Namespace}/{SeedPreset.Deployment}; /metrics for Prometheus)");
            await stdout.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            await stdout.WriteLineAsync(options.Persist ? $"stopping; state saved to {Path.GetFullPath(sim.StatePath)}" : "stopping");
        }
        return 0;
    }

    public static SimOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "serve")
            throw new ArgumentException($"the only command is 'serve'");
        var options = new SimOptions { Directory = ".sim" };
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--dir": options = options with { Directory = Value() }; break;
                case "--port":
                    var p = Value();
                    options = options with { Port = int.TryParse(p, out var port) ? port : throw new ArgumentException($"--port must be a number, not '{p}'") };
                    break;
                case "--preset": options = options with { Preset = Value() }; break;
                case "--persist": options = options with { Persist = true }; break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        return options;
    }
}
