using System.Globalization;
using System.Net;
using System.Text;
using ElasticScaler.Core.Ack;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>
/// A single self-contained HTML page: no scripts, no external CSS or fonts, charts as inline PNG data URIs.
/// Replica counts share the x axis of the latency chart, so the reader sees where scale-out lagged.
/// </summary>
internal static class HtmlReport
{
    public static string Render(LoadRunResult result)
    {
        var sb = new StringBuilder();
        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var verdict = result.ExitCode switch
        {
            ExitCodes.Passed => ("passed", "pass"),
            ExitCodes.ThresholdFailed => ("failed", "fail"),
            _ => ("could not run", "fail"),
        };
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load test ").Append(E(result.TestName)).Append("</title>\n");
        sb.Append("<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}")
            .Append(".pass{color:#17803d}.fail{color:#b42318}img{display:block;margin:1em 0;max-width:100%}</style></head><body>\n");
        sb.Append("<h1>Load test <code>").Append(E(result.TestName)).Append("</code>: <span class=\"").Append(verdict.Item2).Append("\">")
            .Append(verdict.Item1).Append("</span> (exit ").Append(result.ExitCode).Append(")</h1>\n");
        sb.Append("<p>Started ").Append(E(result.StartedUtc.ToString("u", CultureInfo.InvariantCulture))).Append(".</p>\n");
        if (result.AbortReason is not null)
        {
            sb.Append("<p class=\"fail\">Stopped early: ").Append(E(result.AbortReason)).Append("</p>\n");
        }

        if (result.Error is not null)
        {
            sb.Append("<p class=\"fail\">").Append(E(result.Error)).Append("</p>\n");
        }

        if (result.Thresholds.Count > 0)
        {
            sb.Append("<h2>Thresholds</h2><table><tr><th class=\"l\">threshold</th><th class=\"l\">scenario</th><th>result</th><th>actual</th></tr>\n");
            foreach (var t in result.Thresholds)
            {
                sb.Append("<tr><td class=\"l\"><code>").Append(E(t.Threshold)).Append("</code></td><td class=\"l\">").Append(E(t.Scenario))
                    .Append("</td><td class=\"").Append(t.Passed ? "pass\">pass" : "fail\">fail").Append("</td><td>").Append(E(t.Actual)).Append("</td></tr>\n");
            }

            sb.Append("</table>\n");
        }

        foreach (var s in result.ScenarioStats)
        {
            sb.Append("<h2>Scenario <code>").Append(E(s.ScenarioName)).Append("</code></h2>\n");
            if (result.LoadSimulations.TryGetValue(s.ScenarioName, out var sims))
            {
                sb.Append("<p>Load: ").Append(E(string.Join(", then ", sims))).Append(".</p>\n");
            }

            sb.Append("<table><tr><th>requests</th><th>ok</th><th>fail</th><th>success</th><th>RPS</th><th>p50</th><th>p75</th><th>p90</th><th>p95</th><th>p99</th><th>p99.9</th><th>max</th><th>dropped</th><th>generator CPU</th></tr>\n<tr>");
            foreach (var cell in new[]
            {
                s.AllRequestCount.ToString(CultureInfo.InvariantCulture), s.Ok.Count.ToString(CultureInfo.InvariantCulture),
                s.Fail.Count.ToString(CultureInfo.InvariantCulture), F(s.SuccessRate * 100) + "%", F(s.Rps),
                F(s.Latency.P50) + " ms", F(s.Latency.P75) + " ms", F(s.Latency.P90) + " ms", F(s.Latency.P95) + " ms",
                F(s.Latency.P99) + " ms", F(s.Latency.P999) + " ms", F(s.Latency.MaxMs) + " ms", s.Dropped.ToString(CultureInfo.InvariantCulture),
                $"{F(s.CpuPercent)}% ({F(s.CpuMicrosPerRequest)} µs, {F(s.AllocatedBytesPerRequest)} B per req)",
            })
            {
                sb.Append("<td>").Append(E(cell)).Append("</td>");
            }

            sb.Append("</tr></table>\n");
            if (s.StatusCodes.Count > 0 || s.Errors.Count > 0)
            {
                sb.Append("<table><tr><th class=\"l\">status / error</th><th>count</th></tr>\n");
                foreach (var (code, n) in s.StatusCodes)
                {
                    sb.Append("<tr><td class=\"l\">HTTP ").Append(E(code == "0" ? "none" : code)).Append("</td><td>").Append(n).Append("</td></tr>\n");
                }

                foreach (var (kind, n) in s.Errors)
                {
                    sb.Append("<tr><td class=\"l\">error ").Append(E(kind)).Append("</td><td>").Append(n).Append("</td></tr>\n");
                }

                sb.Append("</table>\n");
            }

            var points = result.TimeSeries.GetValueOrDefault(s.ScenarioName) ?? [];
            foreach (var (alt, png) in Charts(points, result))
            {
                sb.Append("<img alt=\"").Append(E(alt)).Append("\" width=\"").Append(ChartRenderer.Width).Append("\" height=\"").Append(ChartRenderer.Height)
                    .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n");
            }
        }

        AppendAgents(sb, result);
        if (result.ReplicaTarget is not null)
        {
            sb.Append("<p>Replicas sampled from ").Append(E(result.ReplicaTarget)).Append(" every second (ECS = regular nodes, ECI = nodes labelled " + AckLabels.VirtualNodeLabel + "=" + AckLabels.VirtualNodeValue + ")")
                .Append(result.ReplicaError is null ? "" : "; " + E(result.ReplicaError)).Append(".</p>\n");
        }

        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    /// <summary>One row per agent, so a generator-bound or failing agent shows beside the merged result.</summary>
    private static void AppendAgents(StringBuilder sb, LoadRunResult result)
    {
        if (result.Agents.Count == 0)
        {
            return;
        }

        string E(string s) => WebUtility.HtmlEncode(s);
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        sb.Append("<h2>Agents</h2>\n");
        if (result.AgentCoverage is not null)
        {
            sb.Append("<p class=\"fail\">Partial result: the threshold verdict ").Append(E(result.AgentCoverage)).Append(".</p>\n");
        }

        sb.Append("<table id=\"agents\"><tr><th>agent</th><th class=\"l\">address</th><th class=\"l\">status</th><th>requests</th><th>errors</th><th>RPS</th><th>p95</th><th>CPU</th><th>µs CPU / req</th><th>intervals</th><th class=\"l\">problem</th></tr>\n");
        foreach (var a in result.Agents)
        {
            sb.Append("<tr><td>").Append(a.Index).Append("</td><td class=\"l\">").Append(E(a.Address)).Append("</td><td class=\"l ")
                .Append(a.IsProblem ? "fail" : "pass").Append("\">").Append(E(a.Status + (a.Lagged ? ", lagged" : ""))).Append("</td><td>")
                .Append(a.Requests.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(a.Errors.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(F(a.Rps)).Append("</td><td>").Append(F(a.P95)).Append(" ms</td><td>").Append(F(a.CpuPercent))
                .Append("%</td><td>").Append(F(a.CpuMicrosPerRequest)).Append("</td><td>").Append(a.Intervals).Append("</td><td class=\"l\">")
                .Append(E(a.Problem ?? "")).Append("</td></tr>\n");
        }

        sb.Append("</table>\n");
    }

    private static IEnumerable<(string Alt, byte[] Png)> Charts(IReadOnlyList<TimeSeriesPoint> points, LoadRunResult result)
    {
        var xs = points.Select(p => p.Second).ToArray();
        double[] Y(Func<TimeSeriesPoint, double> f) => points.Select(f).ToArray();
        yield return ("requests per second", ChartRenderer.Png("Throughput", "requests / s",
        [
            new("ok / s", xs, Y(p => p.Ok / (double)Math.Max(p.Requests, 1) * p.Rps)),
            new("fail / s", xs, Y(p => p.Fail / (double)Math.Max(p.Requests, 1) * p.Rps)),
        ]));
        var latency = new List<ChartSeries>
        {
            new("p50", xs, Y(p => p.P50)),
            new("p95", xs, Y(p => p.P95)),
            new("p99", xs, Y(p => p.P99)),
            new("max", xs, Y(p => p.Max)),
        };
        var replicas = result.Replicas;
        if (replicas.Count > 0)
        {
            var rx = replicas.Select(r => r.Second).ToArray();
            latency.Add(new ChartSeries("ECS replicas", rx, replicas.Select(r => (double)r.Ecs).ToArray(), RightAxis: true));
            latency.Add(new ChartSeries("ECI replicas", rx, replicas.Select(r => (double)r.Eci).ToArray(), RightAxis: true));
        }

        yield return ("latency percentiles", ChartRenderer.Png("Latency per second", "ms", latency, replicas.Count > 0 ? "replicas" : null));
        var load = new List<ChartSeries>
        {
            new("target (plan)", xs, Y(p => p.Target)),
            new("in flight", xs, Y(p => p.Concurrency)),
        };
        if (replicas.Count > 0)
        {
            load.Add(new ChartSeries("replicas (ECS + ECI)", replicas.Select(r => r.Second).ToArray(), replicas.Select(r => (double)(r.Ecs + r.Eci)).ToArray(), RightAxis: true));
        }

        yield return ("concurrency or rate", ChartRenderer.Png("Load applied", "users or starts / s", load, replicas.Count > 0 ? "replicas" : null));
        var errors = ErrorKinds.Errors.Select(ErrorKinds.Name)
            .Where(k => points.Any(p => p.Errors.ContainsKey(k)))
            .Select(k => new ChartSeries(k, xs, Y(p => p.Errors.GetValueOrDefault(k))))
            .Append(new ChartSeries("dropped starts", xs, Y(p => p.Dropped)))
            .ToList();
        yield return ("errors per second", ChartRenderer.Png("Errors by kind", "per second", errors));
    }
}
