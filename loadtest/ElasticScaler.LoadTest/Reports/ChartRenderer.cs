using ScottPlot;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>One line on a chart: a label and y values on the shared x axis (seconds).</summary>
internal sealed record ChartSeries(string Label, double[] Xs, double[] Ys, bool RightAxis = false);

/// <summary>
/// Draws time charts with ScottPlot and returns PNG bytes, which the HTML report embeds as data URIs so it opens
/// with no network.
/// </summary>
internal static class ChartRenderer
{
    public const int Width = 960;
    public const int Height = 320;

    public static byte[] Png(string title, string yLabel, IReadOnlyList<ChartSeries> series, string? rightLabel = null)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("seconds since the measured phase began");
        plot.YLabel(yLabel);
        foreach (var s in series)
        {
            if (s.Xs.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(s.Xs, s.Ys);
            line.LegendText = s.Label;
            line.MarkerSize = s.Xs.Length > 60 ? 0 : 4;
            line.LineWidth = 2;
            if (s.RightAxis)
            {
                line.Axes.YAxis = plot.Axes.Right;
            }
        }

        if (rightLabel is not null)
        {
            plot.Axes.Right.Label.Text = rightLabel;
        }

        if (series.Any(s => s.Xs.Length > 0))
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
