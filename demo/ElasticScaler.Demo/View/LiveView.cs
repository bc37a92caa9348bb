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
        var figures = new Table().Border(TableBorder.Rounded).Title("[bold]ElasticScaler: the seed's walkthrough, live[/]");
        foreach (var h in new[] { "t", "phase", "users", "rps", "p95", "success", "ECS Ready", "ECI Ready", "starting", "pending", "desired", "cost so far" })
            figures.AddColumn(new TableColumn(h).RightAligned());
        if (s is not null)
            figures.AddRow(
                string.Create(c, $"{s.T:0}s"), Figures.Phase(s, steps), s.Users.ToString(c), s.Rps.ToString("0", c),
                string.Create(c, $"{s.P95Ms:0} ms"), s.SuccessRate.ToString("P1", c),
                $"[green]{s.EcsReady}[/]", $"[blue]{s.EciReady}[/]", $"[yellow]{s.Starting}[/]", $"[red]{s.Pending}[/]",
                s.Desired?.ToString(c) ?? "-", Figures.Cost(s));
        var log = new Table().Border(TableBorder.Simple).Title("last scale events").AddColumn("t").AddColumn("reason").AddColumn("message");
        foreach (var e in events.TakeLast(6))
            log.AddRow(string.Create(c, $"{e.T:0}s"), Markup.Escape(e.Reason), Markup.Escape(e.Message));
        return new Rows(figures, log);
    }
}
