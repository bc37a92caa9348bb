using System.Globalization;
using System.Text;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>A summary that pastes into a pull request: verdict, thresholds, and one table per scenario.</summary>
internal static class MarkdownReport
{
    public static string Render(LoadRunResult result)
    {
        var sb = new StringBuilder();
        var verdict = result.ExitCode switch
        {
            ExitCodes.Passed => "✅ passed",
            ExitCodes.ThresholdFailed => "❌ failed",
            _ => "⚠️ could not run",
        };
        sb.Append("## Load test `").Append(result.TestName).Append("`: ").Append(verdict).Append(" (exit ").Append(result.ExitCode).Append(")\n\n");
        if (result.AbortReason is not null)
        {
            sb.Append("Stopped early: ").Append(result.AbortReason).Append("\n\n");
        }

        if (result.Error is not null)
        {
            sb.Append("Error: ").Append(result.Error).Append("\n\n");
        }

        if (result.Thresholds.Count > 0)
        {
            sb.Append("| threshold | scenario | result | actual |\n|---|---|---|---|\n");
            foreach (var t in result.Thresholds)
            {
                sb.Append("| `").Append(t.Threshold).Append("` | ").Append(t.Scenario).Append(" | ").Append(t.Passed ? "✅ pass" : "❌ fail")
                    .Append(" | ").Append(t.Actual).Append(" |\n");
            }

            sb.Append('\n');
        }

        foreach (var s in result.ScenarioStats)
        {
            string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
            sb.Append("### ").Append(s.ScenarioName).Append("\n\n");
            sb.Append("| requests | ok | fail | success | RPS | p50 | p75 | p90 | p95 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            sb.Append("| ").Append(s.AllRequestCount).Append(" | ").Append(s.Ok.Count).Append(" | ").Append(s.Fail.Count).Append(" | ")
                .Append(F(s.SuccessRate * 100)).Append("% | ").Append(F(s.Rps)).Append(" | ")
                .AppendJoin(" | ", new[] { s.Latency.P50, s.Latency.P75, s.Latency.P90, s.Latency.P95, s.Latency.P99, s.Latency.P999, s.Latency.MaxMs }.Select(v => F(v) + " ms"))
                .Append(" |\n\n");
            sb.Append("Duration ").Append(F(s.Duration.TotalSeconds)).Append(" s; peak concurrency ").Append(s.PeakConcurrency)
                .Append("; dropped starts ").Append(s.Dropped).Append("; generator CPU ").Append(F(s.CpuPercent)).Append("% of a core (")
                .Append(F(s.CpuMicrosPerRequest)).Append(" µs CPU and ").Append(F(s.AllocatedBytesPerRequest)).Append(" B allocated per request).\n\n");
            if (s.StatusCodes.Count > 0)
            {
                sb.Append("Status codes: ").AppendJoin(", ", s.StatusCodes.Select(kv => $"{(kv.Key == "0" ? "none" : kv.Key)} × {kv.Value}")).Append(".  \n");
            }

            if (s.Errors.Count > 0)
            {
                sb.Append("Errors: ").AppendJoin(", ", s.Errors.Select(kv => $"{kv.Key} × {kv.Value}")).Append(".\n");
            }

            sb.Append('\n');
        }

        if (result.ReplicaTarget is not null)
        {
            var last = result.Replicas.LastOrDefault();
            sb.Append("Replicas of ").Append(result.ReplicaTarget).Append(": ")
                .Append(last is null ? "no sample" : $"ECS {last.Ecs}, ECI {last.Eci} at the end; peak {result.Replicas.Max(r => r.Ecs + r.Eci)}")
                .Append(result.ReplicaError is null ? "" : $" ({result.ReplicaError})").Append(".\n");
        }

        if (result.Agents.Count > 0)
        {
            sb.Append("### Agents\n\n");
            if (result.AgentCoverage is not null)
            {
                sb.Append("**Partial result**: the threshold verdict ").Append(result.AgentCoverage).Append(".\n\n");
            }

            sb.Append("| agent | address | status | requests | errors | RPS | p95 ms | CPU % | problem |\n|---:|---|---|---:|---:|---:|---:|---:|---|\n");
            foreach (var a in result.Agents)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {a.Index} | {a.Address} | {a.Status}{(a.Lagged ? ", lagged" : "")} | {a.Requests} | {a.Errors} | {a.Rps:0.#} | {a.P95:0.##} | {a.CpuPercent:0} | {a.Problem} |\n");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}
