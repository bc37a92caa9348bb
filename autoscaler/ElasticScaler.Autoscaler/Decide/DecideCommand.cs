using System.CommandLine;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Snapshots;

namespace ElasticScaler.Autoscaler.Decide;

/// <summary>
/// <c>decide --snapshot FILE|FOLDER [--json]</c>: replays one decision per snapshot and prints it with every
/// step's reason. Exit 0 when every snapshot was decided, 2 when any was unreadable or had an invalid spec.
/// </summary>
public static class DecideCommand
{
    public static Command Create()
    {
        var snapshot = new Option<string>("--snapshot")
        {
            Description = "A snapshot JSON file, or a folder whose *.json files are each one snapshot (docs/snapshot-format.md)",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON (the format the service dumps)" };
        var command = new Command("decide", "Replay a decision from a snapshot and explain every step")
        {
            snapshot,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(snapshot)!, parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, bool asJson, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<string> files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal)];
            if (files.Count == 0)
            {
                stderr.WriteLine($"--snapshot: \"{path}\": the folder holds no *.json snapshot files");
                return ExitCodes.BadInput;
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            stderr.WriteLine($"--snapshot: \"{path}\": no such file or folder; pass a snapshot JSON file or a folder of them");
            return ExitCodes.BadInput;
        }

        int exit = ExitCodes.Ok;
        var results = new JsonArray();
        foreach (var file in files)
        {
            var read = SnapshotReader.Read(File.ReadAllText(file));
            if (!read.Success)
            {
                stderr.WriteLine($"{file}: not a usable snapshot:");
                foreach (var e in read.Errors) stderr.WriteLine($"  {e}");
                exit = ExitCodes.BadInput;
                if (asJson) results.Add(new JsonObject { ["file"] = file, ["errors"] = new JsonArray([.. read.Errors.Select(e => (JsonNode)e!)]) });
                continue;
            }
            var s = read.Snapshot!;
            var decision = DecisionPipeline.Decide(s.Input, s.History, s.Now);
            if (decision.SpecErrors.Count > 0) exit = ExitCodes.BadInput;
            if (asJson) results.Add(DecisionJson.ToJson(file, s.ObjectName, decision));
            else DecisionPrinter.Print(stdout, file, s, decision);
        }
        if (asJson)
        {
            JsonNode output = files.Count == 1 && !Directory.Exists(path) ? results[0]!.DeepClone() : results;
            stdout.WriteLine(output.ToJsonString(CoreJson.Indented));
        }
        return exit;
    }
}
