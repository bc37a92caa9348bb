using System.Globalization;

namespace ElasticScaler.Demo.Watch;

/// <summary>The simulated cluster's bill so far: ECS and ECI in USD, and the ECS nodes billed now.</summary>
public sealed record CostReading(double EcsUsd, double EciUsd, int EcsNodes)
{
    public double TotalUsd => EcsUsd + EciUsd;
}

/// <summary>
/// The sim's cost meter as it exports it, on the demo app's <c>/metrics</c> (docs/sim.md "ECI quota and cost"):
/// <c>elasticscaler_sim_cost_usd_total{kind="ecs"|"eci"}</c> and <c>elasticscaler_sim_ecs_nodes</c>.
/// </summary>
public sealed class CostMeter(HttpClient http, Uri appUrl)
{
    public async Task<CostReading> ReadAsync(CancellationToken ct) => Parse(await http.GetStringAsync(new Uri(appUrl, "metrics"), ct).ConfigureAwait(false));

    /// <summary>The three figures from Prometheus text; an absent series reads 0.</summary>
    public static CostReading Parse(string metrics)
    {
        double ecs = 0, eci = 0, nodes = 0;
        foreach (var raw in metrics.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
                continue;
            var space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var series = line[..space];
            if (series == "elasticscaler_sim_cost_usd_total{kind=\"ecs\"}")
                ecs = value;
            else if (series == "elasticscaler_sim_cost_usd_total{kind=\"eci\"}")
                eci = value;
            else if (series == "elasticscaler_sim_ecs_nodes")
                nodes = value;
        }
        return new CostReading(ecs, eci, (int)nodes);
    }
}
