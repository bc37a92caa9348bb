using ScottPlot;

namespace ElasticScaler.Bench.Policy;

/// <summary>
/// One PNG per trace: the load on top, then a panel per policy with its Ready pods by pool (ECS, ECI) at each sync
/// and the count it asked for, on one time axis.
/// </summary>
public static class Charts
{
    public const int Width = 1000, PanelHeight = 190;

    public static string Write(string directory, string trace, IReadOnlyList<PairRun> runs)
    {
        var mp = new Multiplot();
        mp.RemovePlot(mp.GetPlot(0));
        var load = mp.AddPlot();
        var first = runs[0].Report.Series;
        var xs = first.Select(r => r.Seconds / 60).ToArray();
        var rps = load.Add.Scatter(xs, first.Select(r => r.Rps).ToArray());
        rps.MarkerSize = 0;
        rps.LineWidth = 2;
        rps.LegendText = "requests/s";
        load.Title($"{trace}: load, and Ready pods by pool per policy");
        load.YLabel("rps");
        load.ShowLegend(Alignment.UpperLeft);
        double maxPods = runs.Max(r => r.Report.Series.Max(s => Math.Max(s.EcsReady + s.EciReady, s.Desired)));
        foreach (var run in runs)
        {
            var plot = mp.AddPlot();
            var series = run.Report.Series;
            var x = series.Select(r => r.Seconds / 60).ToArray();
            Line(plot, x, series.Select(r => (double)r.EcsReady).ToArray(), "ECS ready", Colors.SteelBlue);
            Line(plot, x, series.Select(r => (double)r.EciReady).ToArray(), "ECI ready", Colors.DarkOrange);
            var desired = Line(plot, x, series.Select(r => (double)r.Desired).ToArray(), "desired", Colors.Gray);
            desired.LinePattern = LinePattern.Dashed;
            desired.LineWidth = 1;
            plot.YLabel(run.Result.Policy);
            plot.Axes.SetLimitsY(0, maxPods * 1.05);
            plot.ShowLegend(Alignment.UpperLeft);
        }
        var plots = mp.GetPlots();
        double minutes = runs[0].Report.TraceSeconds / 60;
        foreach (var p in plots) p.Axes.SetLimitsX(0, minutes);
        plots[^1].XLabel("minutes");
        mp.Layout = new ScottPlot.MultiplotLayouts.Rows();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, trace + ".png");
        mp.SavePng(path, Width, PanelHeight * plots.Length);
        return path;
    }

    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var s = plot.Add.Scatter(x, y);
        s.MarkerSize = 0;
        s.LineWidth = 2;
        s.Color = color;
        s.LegendText = label;
        return s;
    }
}
