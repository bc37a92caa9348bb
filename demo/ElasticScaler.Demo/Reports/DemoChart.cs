using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;
using ScottPlot;

namespace ElasticScaler.Demo.Reports;

/// <summary>
/// The run as one PNG from the demo's own record: users and requests a second, latency percentiles, and the Ready
/// pods stacked by pool (ECS, ECI, then starting and pending) with the scale events as vertical markers.
/// </summary>
public static class DemoChart
{
    public const int Width = 1200;
    public const int Height = 900;

    public static void Write(string path, IReadOnlyList<DemoSecond> seconds, IReadOnlyList<DemoEvent> events)
    {
        var t = seconds.Select(s => s.T).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        var load = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);
        var pods = multiplot.GetPlot(2);

        load.Title("The seed's walkthrough: PTS ramp against WordPress on the simulated ACK cluster");
        load.YLabel("users / requests per second");
        Line(load, t, seconds.Select(s => (double)s.Users), "users");
        Line(load, t, seconds.Select(s => s.Rps), "requests/s");
        load.ShowLegend(Alignment.UpperLeft);

        latency.YLabel("latency (ms)");
        Line(latency, t, seconds.Select(s => s.P50Ms), "p50");
        Line(latency, t, seconds.Select(s => s.P95Ms), "p95");
        Line(latency, t, seconds.Select(s => s.P99Ms), "p99");
        latency.ShowLegend(Alignment.UpperLeft);

        pods.YLabel("pods");
        pods.XLabel("seconds since the load started");
        var ecs = seconds.Select(s => (double)s.EcsReady).ToArray();
        var eci = ecs.Zip(seconds, (b, s) => b + s.EciReady).ToArray();
        var starting = eci.Zip(seconds, (b, s) => b + s.Starting).ToArray();
        var pending = starting.Zip(seconds, (b, s) => b + s.Pending).ToArray();
        Band(pods, t, new double[t.Length], ecs, "ECS Ready", Colors.SeaGreen);
        Band(pods, t, ecs, eci, "ECI Ready", Colors.SteelBlue);
        Band(pods, t, eci, starting, "starting", Colors.Orange);
        Band(pods, t, starting, pending, "pending", Colors.IndianRed);
        Line(pods, t, seconds.Select(s => (double)(s.Desired ?? 0)), "desired");
        // Every scale the service made (SuccessfulRescale, BurstToEci, ReleasedEci, ...), not its failures to read a metric.
        foreach (var e in events.Where(e => !e.Reason.StartsWith("Failed", StringComparison.Ordinal)))
        {
            var marker = pods.Add.VerticalLine(e.T);
            marker.Color = Colors.Gray.WithAlpha(0.5);
            marker.LinePattern = LinePattern.Dashed;
        }
        pods.ShowLegend(Alignment.UpperLeft);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        multiplot.SavePng(path, Width, Height);
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        if (xs.Length == 0)
            return;
        var line = plot.Add.Scatter(xs, ys.ToArray());
        line.LegendText = label;
        line.MarkerSize = 0;
        line.LineWidth = 2;
    }

    private static void Band(Plot plot, double[] xs, double[] low, double[] high, string label, Color color)
    {
        if (xs.Length == 0)
            return;
        var band = plot.Add.FillY(xs, high, low);
        band.FillColor = color.WithAlpha(0.6);
        band.LegendText = label;
    }
}
