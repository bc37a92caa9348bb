using System.CommandLine;
using ElasticScaler.Autoscaler;
using ElasticScaler.Autoscaler.Decide;
using ElasticScaler.Autoscaler.Import;
using ElasticScaler.Autoscaler.Run;

// The runnable autoscaler: `run`, the service (the container's entrypoint); `decide`, the offline replay of one decision from a snapshot;
// `import`, HPA/CronHPA/KEDA objects to ElasticScalers.
var root = new RootCommand("ElasticScaler: HPA-exact metric scaling, schedule windows and ECS-first/ECI-burst placement in one autoscaler.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DecideCommand.Create());
root.Subcommands.Add(ImportCommand.Create());

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error.Message}");
    Console.Error.WriteLine("run with --help for usage");
    return ExitCodes.BadInput;
}
return await parsed.InvokeAsync();
