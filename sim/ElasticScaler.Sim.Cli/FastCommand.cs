using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Sim.Cli;

/// <summary>
/// `fast --trace FILE [--scaler FILE] [--report DIR] [--seed N] [--cluster]`: replays a traffic trace on a virtual clock
/// against the simulated cluster and the decision engine (with --cluster, through sim.Cluster's real controllers on a
/// fake clock, acting with the service's own actuation code: slower), prints a summary, and writes report.json, series.csv and
/// summary.txt into DIR. Exit codes: 0 done, 2 bad arguments or an unreadable trace/scaler (the message names the field).
/// </summary>
public static class FastCommand
{
    private const string Usage = "usage: fast --trace FILE.csv|FILE.json [--scaler ELASTICSCALER.json] [--report DIR] [--seed N] [--cluster]";

    public static async Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? tracePath = null, scalerPath = null, reportDir = null;
        int seed = 1;
        bool throughCluster = false;
        try
        {
            for (int i = 1; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--trace": tracePath = Value(); break;
                    case "--scaler": scalerPath = Value(); break;
                    case "--report": reportDir = Value(); break;
                    case "--cluster": throughCluster = true; break;
                    case "--seed":
                        var s = Value();
                        seed = int.TryParse(s, out var n) ? n : throw new ArgumentException($"--seed must be a whole number, not '{s}'");
                        break;
                    default: throw new ArgumentException($"unknown option '{args[i]}'");
                }
            }
            if (tracePath is null) throw new ArgumentException("--trace is required");
            var trace = TraceReader.ReadFile(tracePath);
            var scaler = scalerPath is null ? ScalerFile.Seed() : ScalerFile.ReadFile(scalerPath);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var report = throughCluster
                ? await ClusterRunner.RunAsync(trace, scaler, new ClusterRunOptions { Seed = seed })
                : FastRunner.Run(trace, scaler, new FastModeOptions { Seed = seed });
            await stdout.WriteLineAsync(report.Summary());
            await stdout.WriteLineAsync($"replayed {trace.Duration.TotalMinutes:0.#} min of traffic in {started.Elapsed.TotalSeconds:0.##} s");
            if (reportDir is not null)
            {
                report.WriteTo(reportDir);
                await stdout.WriteLineAsync($"report: {Path.GetFullPath(reportDir)} (report.json, series.csv, summary.txt)");
            }
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or TraceFormatException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}\n{Usage}");
            return 2;
        }
    }
}
