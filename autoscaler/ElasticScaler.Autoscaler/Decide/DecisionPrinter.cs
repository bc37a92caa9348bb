using System.Globalization;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Snapshots;
using Spectre.Console;

namespace ElasticScaler.Autoscaler.Decide;

/// <summary>Prints a decision for a person: the outcome first, then each step with its reason, then conditions.</summary>
public static class DecisionPrinter
{
    public static void Print(TextWriter writer, string file, DecisionSnapshot snapshot, Decision decision)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = writer == Console.Out && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = writer == Console.Out && !Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (console.Profile.Width < 100 && (writer != Console.Out || Console.IsOutputRedirected)) console.Profile.Width = 120;

        string decidedAs = decision.Kind == ScalerKind.HorizontalPodAutoscaler
            ? "decided exactly as HPA autoscaling/v2 would (an HPA object was given)"
            : "decided as ElasticScaler";
        console.MarkupLine($"[bold]{Markup.Escape(snapshot.ObjectName)}[/] at {decision.Now.ToString("u", CultureInfo.InvariantCulture)} ({decidedAs}); snapshot {Markup.Escape(file)}");
        if (snapshot.Description is { Length: > 0 } description) console.MarkupLine($"  [italic]{Markup.Escape(description)}[/]");
        string change = decision.DesiredReplicas == decision.CurrentReplicas ? "no change" : decision.DryRun ? "dry run: not written" : "rescale";
        console.MarkupLine($"  replicas [bold]{decision.CurrentReplicas} -> {decision.DesiredReplicas}[/] ({change}); bounds [[{decision.MinReplicas}, {decision.MaxReplicas}]]");

        if (decision.SpecErrors.Count > 0)
        {
            console.MarkupLine("[red]  the spec is invalid; nothing is decided until it is fixed:[/]");
            foreach (var e in decision.SpecErrors) console.MarkupLine($"    {Markup.Escape(e)}");
        }

        var steps = new Table().Border(TableBorder.Simple).AddColumns("#", "step", "in", "out", "reason", "why");
        int n = 1;
        foreach (var s in decision.Steps)
            steps.AddRow((n++).ToString(CultureInfo.InvariantCulture), s.Name, Markup.Escape(s.Input.ToString()), Markup.Escape(s.Output.ToString()), s.Reason, Markup.Escape(s.Message));
        console.Write(steps);

        if (decision.Conditions.Length > 0)
        {
            var conditions = new Table().Border(TableBorder.Simple).AddColumns("condition", "status", "reason", "message");
            foreach (var c in decision.Conditions)
                conditions.AddRow(c.Type, c.Status.ToString(), c.Reason, Markup.Escape(c.Message));
            console.Write(conditions);
        }
        if (decision.ActiveSchedules.Count > 0)
            console.MarkupLine($"  windows in force: {Markup.Escape(string.Join(", ", decision.ActiveSchedules))}");
        if (decision.NextScheduleTransition is { } next)
            console.MarkupLine($"  next schedule transition: {next.ToString("u", CultureInfo.InvariantCulture)}");
        if (decision.Rescale)
            console.MarkupLine($"  event: Normal SuccessfulRescale \"{Markup.Escape(decision.EventMessage)}\"");
        console.WriteLine();
    }
}
