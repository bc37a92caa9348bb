using System.Globalization;
using Spectre.Console;

namespace ElasticScaler.Bench.Controller;

/// <summary>The run's figures as one table, and the goals under it.</summary>
public static class ResultsTable
{
    public static void Write(IAnsiConsole console, BenchResult r)
    {
        static string F(double v, string format = "0.###") => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);
        var table = new Table().AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("scalers x pods", $"{r.Scalers:N0} x {r.PodsPerScaler} = {r.Pods:N0}");
        table.AddRow("machine load (1/5/15 min) start -> end", $"{string.Join(" / ", r.Machine.LoadAtStart.Select(l => F(l, "0.00")))} -> {string.Join(" / ", r.Machine.LoadAtEnd.Select(l => F(l, "0.00")))}");
        table.AddRow("set-up (sim start to every pod Ready)", $"{F(r.SetupSeconds, "0.0")} s");
        table.AddRow("steady window", $"{F(r.SteadyWindowSeconds, "0")} s, {r.SteadyReconciles:N0} reconciles");
        table.AddRow("reconcile latency p50 / p99", $"{F(r.ReconcileP50Ms, "0.00")} / {F(r.ReconcileP99Ms, "0.00")} ms");
        table.AddRow("requests per reconcile (steady)", string.Join("  ", r.RequestsPerReconcile.Select(kv => $"{kv.Key} {F(kv.Value, "0.000")}")));
        table.AddRow("PodMetrics reads per reconcile", F(r.MetricsReadsPerReconcile, "0.000"));
        table.AddRow("writes in the steady window", r.SteadyWrites.Count == 0 ? "none" : string.Join(", ", r.SteadyWrites.Select(kv => $"{kv.Key} x{kv.Value}")));
        table.AddRow("service CPU steady / whole run", $"{F(r.ServiceCpuCoresSteady, "0.000")} / {F(r.ServiceCpuCoresRun, "0.000")} cores");
        table.AddRow("service peak RSS", $"{F(r.ServicePeakRssMib, "0")} MiB" + (r.ServiceMemoryLimitMib is { } limit ? $" (limit {F(limit, "0")} MiB)" : " (no limit)"));
        table.AddRow("sim CPU / peak RSS", $"{F(r.SimCpuCoresRun, "0.00")} cores / {F(r.SimPeakRssMib, "0")} MiB");
        var c = r.MetricChanges;
        table.AddRow("metric changes", $"{c.Changes} changes, {c.ScalersChanged} scalers, {c.ActedOn} acted on, {c.WithinSyncPeriod} within {F(r.SyncPeriodSeconds, "0")} s");
        table.AddRow("change -> scale write p50 / p99 / max", $"{F(c.LatencyP50Seconds, "0.00")} / {F(c.LatencyP99Seconds, "0.00")} / {F(c.LatencyMaxSeconds, "0.00")} s");
        table.AddRow("acted on at the first sync after the change", $"{c.ActedOnAtFirstSync} of {c.ScalersChanged}");
        table.AddRow("change -> that sync max; its read -> write p99", $"{F(c.FirstSyncWaitMaxSeconds, "0.00")} s; {F(c.ReactionP99Seconds * 1000, "0")} ms");
        table.AddRow("longest gap between a scaler's syncs", $"{F(c.SyncIntervalMaxSeconds, "0.00")} s (period {F(r.SyncPeriodSeconds, "0")} s)");
        table.AddRow("service queue wait once due p99 / max", $"{F(c.QueueWaitP99Ms, "0.0")} / under {F(c.QueueWaitMaxMs, "0")} ms");
        console.Write(table);
        var g = r.Goals;
        console.WriteLine($"goals: p99 reconcile < 100 ms: {Met(g.ReconcileP99Under100Ms)}; within one core: {Met(g.WithinOneCore)}; within 500 MB ({F(Figures.MemoryGoalMib, "0.0")} MiB): {Met(g.Within500Mb)}; " +
            $"every change acted on within one sync period (at the first sync after it, syncs at most {F(Figures.SyncTolerance.TotalSeconds, "0")} s late): {Met(g.EveryChangeWithinSyncPeriod)}; no writes in steady state: {Met(g.NoSteadyWrites)}");
    }

    private static string Met(bool met) => met ? "met" : "NOT met";
}
