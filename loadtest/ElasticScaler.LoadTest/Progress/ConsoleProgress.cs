using System.Globalization;
using Spectre.Console;

namespace ElasticScaler.LoadTest;

/// <summary>
/// Live progress in the terminal: a Spectre.Console table redrawn in place when stdout is a terminal, one plain
/// line per scenario per second when it is not (CI logs, pipes).
/// </summary>
public sealed class ConsoleProgress : IProgressSink, IAsyncDisposable
{
    private readonly TextWriter _plain;
    private readonly bool _live;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _liveTask = Task.CompletedTask;
    private IReadOnlyList<ProgressTick> _latest = [];

    /// <summary>Starts the live table now when <paramref name="live"/>; otherwise writes plain lines to <paramref name="plain"/>.</summary>
    public ConsoleProgress(bool live, TextWriter plain, TimeProvider? time = null)
    {
        _live = live;
        _plain = plain;
        _time = time ?? TimeProvider.System;
        if (_live)
        {
            _liveTask = RunLiveAsync();
        }
    }

    /// <summary>True when stdout is an interactive terminal that can redraw a table.</summary>
    public static bool TerminalIsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <inheritdoc />
    public void OnTick(IReadOnlyList<ProgressTick> ticks)
    {
        Volatile.Write(ref _latest, ticks);
        if (!_live)
        {
            foreach (var t in ticks)
            {
                _plain.WriteLine(PlainLine(t));
            }

            _plain.Flush();
        }
    }

    /// <inheritdoc />
    public void OnFinished(LoadRunResult result) => _done.TrySetResult();

    /// <summary>One progress line, e.g. <c>[  12s] web running KeepConstant(…) users 100/100 rps 8123 p95 4.1ms errors 0 left 48s cpu 61%</c>.</summary>
    public static string PlainLine(ProgressTick t)
    {
        var inv = CultureInfo.InvariantCulture;
        var load = t.OpenModel
            ? string.Create(inv, $"rate {t.Target:0.#}/s in-flight {t.Concurrency}")
            : string.Create(inv, $"users {t.Concurrency}/{t.Target:0}");
        var left = t.Remaining is { } r ? string.Create(inv, $" left {Math.Max(0, r.TotalSeconds):0}s") : "";
        var replicas = t.Replicas is { } rep ? string.Create(inv, $" replicas ecs {rep.Ecs} eci {rep.Eci}") : "";
        return string.Create(inv,
            $"[{t.Elapsed.TotalSeconds,5:0}s] {t.Scenario} {t.Phase} {t.Stage} {load} rps {t.Rps:0} p95 {t.P95:0.##}ms errors {t.Errors}{left} cpu {t.CpuPercent:0}%{replicas}");
    }

    private Task RunLiveAsync()
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("scenario", "phase", "stage", "users / rate", "RPS", "p95", "errors", "left", "CPU", "ECS/ECI");
        return AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            while (!_done.Task.IsCompleted)
            {
                Fill(table, Volatile.Read(ref _latest));
                ctx.Refresh();
                await Task.WhenAny(_done.Task, Task.Delay(TimeSpan.FromMilliseconds(250), _time)).ConfigureAwait(false);
            }

            Fill(table, Volatile.Read(ref _latest));
            ctx.Refresh();
        });
    }

    private static void Fill(Table table, IReadOnlyList<ProgressTick> ticks)
    {
        var inv = CultureInfo.InvariantCulture;
        table.Rows.Clear();
        foreach (var t in ticks)
        {
            table.AddRow(
                Markup.Escape(t.Scenario), Markup.Escape(t.Phase), Markup.Escape(ShortStage(t.Stage)),
                t.OpenModel ? string.Create(inv, $"{t.Target:0.#}/s ({t.Concurrency} in flight)") : string.Create(inv, $"{t.Concurrency}/{t.Target:0}"),
                t.Rps.ToString("0", inv), t.P95.ToString("0.##", inv) + " ms",
                t.Errors == 0 ? "0" : $"[red]{t.Errors}[/]",
                t.Remaining is { } r ? string.Create(inv, $"{Math.Max(0, r.TotalSeconds):0} s") : "-",
                t.CpuPercent.ToString("0", inv) + " %",
                t.Replicas is { } rep ? $"{rep.Ecs}/{rep.Eci}" : "-");
        }
    }

    /// <summary>"KeepConstant(copies: 100, during: 00:01:00)" → "KeepConstant 100": the table must fit 80 columns.</summary>
    private static string ShortStage(string stage)
    {
        var open = stage.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return stage;
        }

        var colon = stage.IndexOf(':', open);
        var comma = stage.IndexOfAny([',', ')'], colon + 1);
        return colon < 0 || comma < 0 ? stage[..open] : $"{stage[..open]} {stage[(colon + 1)..comma].Trim()}";
    }

    /// <summary>Stops the live table (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        _done.TrySetResult();
        await _liveTask.ConfigureAwait(false);
    }
}
