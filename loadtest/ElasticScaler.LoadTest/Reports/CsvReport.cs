using System.Globalization;
using System.Text;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>The 1 s time series of every scenario, one row per scenario-second.</summary>
internal static class CsvReport
{
    public static string Render(LoadRunResult result)
    {
        var sb = new StringBuilder();
        var kinds = ErrorKinds.Errors.Select(ErrorKinds.Name).ToList();
        sb.Append("scenario,second,stage,target,concurrency,requests,ok,fail,rps,p50_ms,p95_ms,p99_ms,max_ms,dropped,cpu_percent,ecs_replicas,eci_replicas,");
        sb.AppendJoin(',', kinds.Select(k => "err_" + k)).Append('\n');
        foreach (var (scenario, points) in result.TimeSeries)
        {
            foreach (var p in points)
            {
                string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
                sb.Append(Quote(scenario)).Append(',').Append(F(p.Second)).Append(',').Append(Quote(p.Stage)).Append(',')
                    .Append(F(p.Target)).Append(',').Append(p.Concurrency).Append(',').Append(p.Requests).Append(',')
                    .Append(p.Ok).Append(',').Append(p.Fail).Append(',').Append(F(p.Rps)).Append(',').Append(F(p.P50)).Append(',')
                    .Append(F(p.P95)).Append(',').Append(F(p.P99)).Append(',').Append(F(p.Max)).Append(',').Append(p.Dropped).Append(',')
                    .Append(F(p.CpuPercent)).Append(',').Append(p.EcsReplicas?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',')
                    .Append(p.EciReplicas?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',')
                    .AppendJoin(',', kinds.Select(k => p.Errors.GetValueOrDefault(k))).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
