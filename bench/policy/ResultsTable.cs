using System.Globalization;
using Spectre.Console;

namespace ElasticScaler.Bench.Policy;

/// <summary>The console view: one row per pair, then the goals as met / not met with their numbers.</summary>
public static class ResultsTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<BenchResult> results, IReadOnlyList<GoalOutcome> goals, TimeSpan slo)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"Policy quality (fast mode, seed preset, SLO {slo.TotalMilliseconds.ToString(inv)} ms)");
        table.AddColumn("trace");
        table.AddColumn("policy");
        foreach (var c in new[] { "requests", "within SLO", "errors", "p99 ms", "cost $", "x static", "scale events", "peak ECI", "ECI pod-s", "s to capacity" })
            table.AddColumn(new TableColumn(c).RightAligned());
        string? last = null;
        foreach (var r in results)
        {
            if (last is not null && r.Trace != last) table.AddEmptyRow();
            table.AddRow(
                Markup.Escape(r.Trace == last ? "" : r.Trace),
                Markup.Escape(r.Policy),
                r.Requests.ToString("N0", inv),
                r.WithinSlo.ToString("0.0000", inv),
                r.Errors.ToString("N0", inv),
                r.P99Ms.ToString("0", inv),
                r.CostUsd.ToString("0.000", inv),
                r.StaticPeakCostUsd > 0 ? (r.CostUsd / r.StaticPeakCostUsd).ToString("0.00", inv) : "-",
                r.ScaleEvents.ToString(inv),
                r.PeakEci.ToString(inv),
                r.EciPodSeconds.ToString("N0", inv),
                r.SecondsToCapacity is { } s ? s.ToString("0.0", inv) : "-");
            last = r.Trace;
        }
        console.Write(table);
        console.WriteLine();
        console.MarkupLine("[bold]Goals[/]");
        foreach (var g in goals)
        {
            var mark = g.Status switch { GoalStatus.Met => "[green]met[/]", GoalStatus.NotMet => "[red]not met[/]", _ => "[grey]not run[/]" };
            console.MarkupLine($"  {mark}  {Markup.Escape(g.Goal)}: {Markup.Escape(g.Detail)}");
        }
    }

    /// <summary>The same rows as a Markdown table, for docs/benchmarks.md.</summary>
    public static string Markdown(IReadOnlyList<BenchResult> results)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder("| trace | policy | requests | within SLO | errors | p99 ms | cost $ | x static | scale events | peak ECI | ECI pod-s | s to capacity |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in results)
            sb.Append(inv, $"| {r.Trace} | {r.Policy} | {r.Requests:N0} | {r.WithinSlo:0.0000} | {r.Errors:N0} | {r.P99Ms:0} | {r.CostUsd:0.000} | {(r.StaticPeakCostUsd > 0 ? (r.CostUsd / r.StaticPeakCostUsd).ToString("0.00", inv) : "-")} | {r.ScaleEvents} | {r.PeakEci} | {r.EciPodSeconds:N0} | {(r.SecondsToCapacity is { } s ? s.ToString("0.0", inv) : "-")} |\n");
        return sb.ToString();
    }
}
