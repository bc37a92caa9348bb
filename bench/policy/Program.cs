using System.Diagnostics;
using System.Text.Json;
using ElasticScaler.Core.Model;
using ElasticScaler.Sim.FastMode;
using Spectre.Console;

namespace ElasticScaler.Bench.Policy;

/// <summary>
/// <c>[--out DIR] [--traces NAMES] [--policies NAMES] [--slo 500ms]</c>: runs the pairs, prints the table and the goals,
/// writes DIR/results.json, DIR/table.md, DIR/TRACE.png and DIR/series/TRACE/POLICY.csv.
/// <c>generate-traces [--dir DIR]</c>: writes the traces (default bench/policy/traces, from the repository root).
/// Exit codes: 0 done (whatever the goals say: this measures), 2 bad arguments (an unknown name lists the valid ones).
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/policy -- [--out DIR] [--traces NAMES] [--policies NAMES] [--slo 500ms]
               dotnet run --project bench/policy -- generate-traces [--dir bench/policy/traces]
        NAMES are comma-separated.
        """;

    public static int Main(string[] args)
    {
        var console = AnsiConsole.Console;
        // Redirected output (a log, a pipe) would be wrapped at 80 columns; the table needs about 150.
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        return Run(args, console, Console.Error);
    }

    public static int Run(string[] args, IAnsiConsole console, TextWriter stderr)
    {
        try
        {
            if (args.Length > 0 && args[0] == "generate-traces") return GenerateTraces(args[1..], console);
            var (plan, outDir) = Parse(args);
            if (plan is null) { console.WriteLine(Usage); return 0; }
            var watch = Stopwatch.StartNew();
            var runs = BenchRunner.Run(plan);
            var results = runs.Select(r => r.Result).ToList();
            var goals = Goals.Evaluate(results);
            ResultsTable.Write(console, results, goals, plan.Slo);
            Write(outDir, plan, runs);
            console.WriteLine($"{runs.Count} pairs in {watch.Elapsed.TotalSeconds:0.#} s; wrote {Path.GetFullPath(Path.Combine(outDir, "results.json"))} and a chart per trace");
            return 0;
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}\n{Usage}");
            return 2;
        }
        catch (TraceFormatException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string ResultsJson(IReadOnlyList<BenchResult> results) => JsonSerializer.Serialize(results, Json);

    private static void Write(string outDir, BenchPlan plan, IReadOnlyList<PairRun> runs)
    {
        Directory.CreateDirectory(outDir);
        var results = runs.Select(r => r.Result).ToList();
        File.WriteAllText(Path.Combine(outDir, "results.json"), ResultsJson(results) + "\n");
        File.WriteAllText(Path.Combine(outDir, "table.md"), ResultsTable.Markdown(results));
        foreach (var trace in plan.Traces)
        {
            var ofTrace = runs.Where(r => r.Result.Trace == trace).ToList();
            Charts.Write(outDir, trace, ofTrace);
            var dir = Path.Combine(outDir, "series", trace);
            Directory.CreateDirectory(dir);
            foreach (var run in ofTrace) File.WriteAllText(Path.Combine(dir, run.Result.Policy + ".csv"), run.Report.ToCsv());
        }
    }

    /// <summary>The plan and output folder; a null plan for --help.</summary>
    public static (BenchPlan? Plan, string OutDir) Parse(string[] args)
    {
        string outDir = Path.Combine("artifacts", "bench-policy");
        string? traces = null, policies = null;
        var slo = TimeSpan.FromMilliseconds(500);
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--out": outDir = Value(); break;
                case "--traces": traces = Value(); break;
                case "--policies": policies = Value(); break;
                case "--slo":
                    var s = Value();
                    if (!GoDuration.TryParse(s, out slo) || slo <= TimeSpan.Zero)
                        throw new ArgumentException($"--slo: \"{s}\": not a positive duration; write e.g. 500ms or 1s");
                    break;
                case "-h" or "--help": return (null, outDir);
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        var plan = new BenchPlan
        {
            Traces = Catalog.Select(traces, Catalog.Traces, "--traces"),
            Policies = Catalog.Select(policies, Catalog.Policies, "--policies"),
            Slo = slo,
        };
        return (plan, outDir);
    }

    private static int GenerateTraces(string[] args, IAnsiConsole console)
    {
        string dir = Path.Combine("bench", "policy", "traces");
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--dir" && i + 1 < args.Length) dir = args[++i];
            else throw new ArgumentException($"generate-traces: unknown option '{args[i]}' (only --dir DIR)");
        }
        foreach (var path in TraceGenerator.WriteAll(dir)) console.WriteLine($"wrote {path}");
        return 0;
    }
}
