using System.CommandLine;
using System.Globalization;
using ElasticScaler.Core.Model;
using Spectre.Console;

namespace ElasticScaler.Bench.Controller;

/// <summary>
/// <c>--scalers N [--pods-per-scaler 20] [--minutes M] [--out DIR] [--sync-period 15s]</c>: starts the sim and the
/// service as processes, measures, prints the table and writes DIR/results.json.
/// Exit codes: 0 measured (whatever the goals say), 1 the run failed (a process died, set-up timed out), 2 bad arguments.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var console = AnsiConsole.Console;
        // Redirected output (a log, a pipe) would be wrapped at 80 columns.
        if (Console.IsOutputRedirected) console.Profile.Width = 140;
        return await RunAsync(args, console, Console.Error);
    }

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter stderr)
    {
        var (options, error) = Parse(args);
        if (error is not null)
        {
            await stderr.WriteLineAsync($"error: {error}");
            return 2;
        }
        if (options is null) return 0; // --help printed
        try
        {
            var result = await BenchRun.RunAsync(options, console);
            ResultsTable.Write(console, result);
            var path = ResultsFile.Write(options.OutDir, result);
            console.WriteLine($"wrote {path}");
            return 0;
        }
        catch (BenchFailedException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>The options, or the error naming the flag; (null, null) for --help.</summary>
    public static (BenchOptions? Options, string? Error) Parse(string[] args)
    {
        var scalers = new Option<int?>("--scalers") { Description = "ElasticScalers to create, one Deployment and namespace each (required, > 0)" };
        var pods = new Option<int>("--pods-per-scaler") { Description = "replicas of each Deployment (> 0)", DefaultValueFactory = _ => 20 };
        var minutes = new Option<double>("--minutes") { Description = "the measured run after set-up, fractional allowed (> 0)", DefaultValueFactory = _ => 2 };
        var outDir = new Option<string>("--out") { Description = "where results.json goes", DefaultValueFactory = _ => Path.Combine("artifacts", "bench-controller") };
        var syncPeriod = new Option<string>("--sync-period") { Description = "the service's --sync-period (a duration: 15s, 1m)", DefaultValueFactory = _ => "15s" };
        var memoryLimit = new Option<string>("--service-memory-limit")
        {
            Description = "the service's memory limit, a quantity (512Mi) or none; default: its container's in deploy/manager (applied as a memory cgroup where the machine allows)",
            DefaultValueFactory = _ => "manifest",
        };
        var root = new RootCommand("Controller scale: the service against the sim over HTTP.") { scalers, pods, minutes, outDir, syncPeriod, memoryLimit };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return (null, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        if (parsed.Action is not null && parsed.GetValue(scalers) is null && args.Any(a => a is "--help" or "-h" or "-?"))
        {
            parsed.Invoke();
            return (null, null);
        }
        var n = parsed.GetValue(scalers);
        if (n is null) return (null, "--scalers is required: the number of ElasticScalers, e.g. --scalers 100");
        if (n <= 0) return (null, $"--scalers: {n}: must be more than 0");
        var p = parsed.GetValue(pods);
        if (p <= 0) return (null, $"--pods-per-scaler: {p}: must be more than 0");
        var m = parsed.GetValue(minutes);
        if (!(m > 0) || double.IsInfinity(m)) return (null, $"--minutes: {m.ToString(CultureInfo.InvariantCulture)}: must be more than 0 (fractional allowed, e.g. 0.5)");
        var o = parsed.GetValue(outDir);
        if (string.IsNullOrWhiteSpace(o)) return (null, "--out: must name a folder");
        var s = parsed.GetValue(syncPeriod)!;
        if (!GoDuration.TryParse(s, out var period) || period <= TimeSpan.Zero) return (null, $"--sync-period: \"{s}\": must be a positive duration, {GoDuration.Examples}");
        var l = parsed.GetValue(memoryLimit)!;
        long? limitBytes;
        if (l == "none") limitBytes = null;
        else if (l == "manifest") limitBytes = MemoryCgroup.ManifestLimitBytes();
        else if (Quantity.TryParse(l, out var q) && q.Value >= 64 * 1024 * 1024) limitBytes = (long)q.Value;
        else return (null, $"--service-memory-limit: \"{l}\": must be a quantity of at least 64Mi (512Mi, 1Gi) or none");
        return (new BenchOptions { Scalers = n.Value, PodsPerScaler = p, Duration = TimeSpan.FromMinutes(m), OutDir = o, SyncPeriod = period,
            ServiceMemoryLimitBytes = limitBytes }, null);
    }
}

/// <summary>The run could not measure: a process died, set-up did not finish in time.</summary>
public sealed class BenchFailedException(string message) : Exception(message);
