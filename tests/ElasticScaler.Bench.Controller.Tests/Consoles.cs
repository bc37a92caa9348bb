using Spectre.Console;

namespace ElasticScaler.Bench.Controller.Tests;

/// <summary>A plain console into a writer, wide enough for the table.</summary>
internal static class Consoles
{
    public static IAnsiConsole To(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        return console;
    }

    public static IAnsiConsole Quiet() => To(new StringWriter());
}
