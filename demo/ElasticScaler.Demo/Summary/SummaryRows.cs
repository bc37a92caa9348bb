using System.Globalization;
using ElasticScaler.Demo.Dashboard;

namespace ElasticScaler.Demo.Summary;

/// <summary>The summary as the rows the terminal table and the web page show.</summary>
public static class SummaryRows
{
    public static IReadOnlyList<DemoSummaryRow> Of(DemoSummary s, string reportFolder)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<DemoSummaryRow>
        {
            new("peak replicas", string.Create(c, $"{s.PeakReplicas} Ready ({s.PeakEcs} ECS + {s.PeakEci} ECI)")),
        };
        foreach (var step in s.Steps)
            rows.Add(new(string.Create(c, $"step {step.Step + 1}: {step.Users} users"),
                step.Seconds is { } secs ? string.Create(c, $"{secs:0.#} s to {step.Desired} Ready") : string.Create(c, $"{step.Desired} Ready not reached")));
        rows.Add(new("success rate", string.Create(c, $"{s.SuccessRate:P2}")));
        rows.Add(new("p95 / p99", string.Create(c, $"{s.P95Ms:0} ms / {s.P99Ms:0} ms")));
        rows.Add(new("timed out while scale-out lagged", string.Create(c, $"{s.TimeoutsWhileLagging} requests over {s.LaggingSeconds:0} s of lag ({s.Timeouts} time-outs in all)")));
        rows.Add(new("cost ECS / ECI", string.Create(c, $"${s.Cost.EcsUsd:0.0000} / ${s.Cost.EciUsd:0.0000} (total ${s.Cost.EcsUsd + s.Cost.EciUsd:0.0000})")));
        rows.Add(new("same load on static peak ECS", string.Create(c, $"${s.Cost.StaticPeakEcsUsd:0.0000} ({s.Cost.StaticPeakNodes} ECS nodes held all along)")));
        rows.Add(new("scale-in", s.ScaleIn.EciFirst
            ? string.Create(c, $"released {s.ScaleIn.EciReleased} ECI pods first, then {s.ScaleIn.EcsReleased} ECS pods")
            : string.Create(c, $"an ECS pod went before the ECI pods ({s.ScaleIn.EciReleased} ECI, {s.ScaleIn.EcsReleased} ECS released)")));
        rows.Add(new("report folder", Path.GetFullPath(reportFolder)));
        return rows;
    }
}
