using System.Runtime.InteropServices;
using ElasticScaler.Demo;

// The seed's walkthrough, live: `dotnet run --project demo/ElasticScaler.Demo [-- --full | --time-scale X] [--max-users N] ...`.
var interactive = !Console.IsOutputRedirected && !Console.IsInputRedirected;
var parsed = DemoCommand.Create().Parse(args);
if (parsed.Action is System.CommandLine.Help.HelpAction)
    return await parsed.InvokeAsync();
var (options, errors) = DemoCommand.Read(parsed, interactive);
if (options is null)
{
    foreach (var e in errors)
        Console.Error.WriteLine($"error: {e}");
    Console.Error.WriteLine("run with --help for usage");
    return DemoCommand.BadArguments;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The demo tears down itself; a second Ctrl-C while it does changes nothing.
    e.Cancel = true;
    stop.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
{
    c.Cancel = true;
    stop.Cancel();
});
return await new DemoRun(options, Console.Out).RunAsync(stop.Token);
