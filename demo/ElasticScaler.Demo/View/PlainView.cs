using System.Globalization;
using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;

namespace ElasticScaler.Demo.View;

/// <summary>One line a second, and a line per scale event, for logs and pipes (stdout not a terminal, or --no-live).</summary>
public sealed class PlainView(TextWriter output, int steps) : IDemoView
{
    public async Task RunAsync(Func<DemoSecond?> latest, Func<IReadOnlyList<DemoEvent>> events, CancellationToken ct)
    {
        var shownEvents = events().Count;
        double? lastT = null;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                Print();
        }
        catch (OperationCanceledException)
        {
            Print();
        }

        void Print()
        {
            var all = events();
            foreach (var e in all.Skip(shownEvents))
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{e.T,6:0}s] event {e.Reason}: {e.Message}"));
            shownEvents = all.Count;
            if (latest() is { } s && s.T != lastT)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{s.T,6:0}s] {Figures.Phase(s, steps)} | {Figures.Load(s)} {Figures.Latency(s)} | {Figures.Pods(s)} | {Figures.Cost(s)}"));
                lastT = s.T;
            }
            output.Flush();
        }
    }
}
