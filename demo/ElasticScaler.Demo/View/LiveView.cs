using System.Globalization;
using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ElasticScaler.Demo.View;

/// <summary>The terminal view redrawn in place each second (Spectre.Console): load, latency, pods by pool, events, cost.</summary>
public sealed class LiveView(IAnsiConsole console, int steps) : IDemoView
{
    public async Task RunAsync(Func<DemoSecond?> latest, Func<IReadOnlyList<DemoEvent>> events, CancellationToken ct)
    {
        await console.Live(Render(latest(), events())).AutoClear(false).StartAsync(async ctx =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
                {
                    ctx.UpdateTarget(Render(latest(), events()));
                    ctx.Refresh();
                }
            }
            catch (OperationCanceledException)
            {
                ctx.UpdateTarget(Render(latest(), events()));
                ctx.Refresh();
            }
        }).ConfigureAwait(false);
    }

    private IRenderable Render(DemoSecond? s, IReadOnlyList<DemoEvent> events)
    {
        var c = CultureInfo.InvariantCulture;
        // Label and value per row, so it fits an 80-column terminal.
        var figures = new Table().Border(TableBorder.Rounded).Title("[bold]ElasticScaler: the seed's walkthrough, live[/]")
            .AddColumn(new TableColumn("")).AddColumn(new TableColumn(""));
        figures.ShowHeaders = false;
        if (s is not null)
        {
            figures.AddRow("time, phase", string.Create(c, $"{s.T:0} s, {Figures.Phase(s, steps)}"));
            figures.AddRow("load", string.Create(c, $"{s.Users} users, {s.Rps:0} requests/s"));
            figures.AddRow("latency", string.Create(c, $"p95 {s.P95Ms:0} ms, success {s.SuccessRate:P1}"));
            figures.AddRow("pods", $"[green]ECS Ready {s.EcsReady}[/]  [blue]ECI Ready {s.EciReady}[/]  [yellow]starting {s.Starting}[/]  [red]pending {s.Pending}[/]");
            figures.AddRow("scaler", $"desired {s.Desired?.ToString(c) ?? "-"}");
            figures.AddRow("cost so far", Figures.Cost(s));
        }
        var log = new Table().Border(TableBorder.Simple).Title("last scale events").AddColumn("t").AddColumn("reason").AddColumn("message");
        foreach (var e in events.TakeLast(6))
            log.AddRow(string.Create(c, $"{e.T:0}s"), Markup.Escape(e.Reason), Markup.Escape(e.Message));
        return new Rows(figures, log);
    }
}
