using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Decide;

namespace ElasticScaler.Autoscaler.Tests;

public sealed class DecideCommandTests
{
    private static (int Exit, string Out, string Err) Decide(string path, bool json = false)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = DecideCommand.Run(path, json, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string TempFile(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-snapshot-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    public static TheoryData<string, int, string, string> Examples => new()
    {
        { "01-flash-sale-cpu-scale-up.json", 33, "ECS 27, ECI 6", "placement" },
        { "02-double-11-window-raises-floor.json", 80, "double-11", "range" },
        { "03-hpa-object-as-hpa-would.json", 35, "exactly as HPA autoscaling/v2 would", "limits" },
        { "04-metrics-failing-fallback.json", 40, "FallbackActive", "fallback" },
        { "05-scale-down-stabilized.json", 60, "ScaleDownStabilized", "stabilization" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Explains_each_shipped_example(string file, int desired, string mentioned, string deciding)
    {
        var (exit, output, errors) = Decide(Path.Combine(RepoPaths.ExampleSnapshots, file));

        Assert.True(exit == 0, errors);
        Assert.Contains($"-> {desired}", output);
        Assert.Contains(mentioned, output);
        Assert.Matches($@"\d+\s+{deciding}\s", output); // the step that settled it is listed
    }

    [Fact]
    public void Json_output_carries_the_decision_and_a_history_that_replays()
    {
        var path = Path.Combine(RepoPaths.ExampleSnapshots, "05-scale-down-stabilized.json");
        var (exit, output, _) = Decide(path, json: true);
        Assert.Equal(0, exit);
        var result = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("DecisionResult", (string?)result["kind"]);
        Assert.Equal(60, (int?)result["desiredReplicas"]);
        var recommendations = result["history"]!["behavior"]!["recommendations"]!.AsArray();
        Assert.True(recommendations.Count >= 3, "the two recorded recommendations plus this sync's");

        // Feed the output's history into the next sync 5 minutes later: the old recommendation of 60 has aged out.
        var snapshot = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        snapshot["history"] = result["history"]!.DeepClone();
        snapshot["now"] = "2026-11-10T14:05:30Z";
        var next = Decide(TempFile(snapshot.ToJsonString()), json: true);
        Assert.Equal(0, next.Exit);
        Assert.True((int)JsonNode.Parse(next.Out)!["desiredReplicas"]! < 60);
    }

    [Fact]
    public void A_bad_snapshot_exits_2_and_names_the_field()
    {
        var (exit, _, errors) = Decide(TempFile("""{"spec": {"minReplicas": "many"}}"""));

        Assert.Equal(2, exit);
        Assert.Contains("spec.minReplicas: \"many\": must be an integer", errors);
        Assert.Contains("now: required", errors);
        Assert.Contains("scale: required", errors);
    }

    [Fact]
    public void An_invalid_spec_exits_2_with_every_problem()
    {
        var snapshot = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.ExampleSnapshots, "01-flash-sale-cpu-scale-up.json")))!.AsObject();
        snapshot["scaler"]!["spec"]!["minReplicas"] = 500;
        snapshot["scaler"]!["spec"]!["schedules"]![0]!["start"] = "0 30 25 10 11 ?";

        var (exit, output, _) = Decide(TempFile(snapshot.ToJsonString()));

        Assert.Equal(2, exit);
        Assert.Contains("spec.minReplicas: 500: must not exceed maxReplicas (100)", output);
        Assert.Contains("spec.schedules[0].start: \"0 30 25 10 11 ?\"", output);
    }

    [Fact]
    public void A_folder_gets_one_result_per_snapshot_and_exit_2_if_any_is_bad()
    {
        var dir = Directory.CreateTempSubdirectory("es-snapshots-");
        File.Copy(Path.Combine(RepoPaths.ExampleSnapshots, "01-flash-sale-cpu-scale-up.json"), Path.Combine(dir.FullName, "a.json"));
        File.WriteAllText(Path.Combine(dir.FullName, "b.json"), """{"now": "yesterday"}""");

        var (exit, output, errors) = Decide(dir.FullName, json: true);

        Assert.Equal(2, exit);
        var results = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(2, results.Count);
        Assert.Equal(33, (int?)results[0]!["desiredReplicas"]);
        Assert.Contains(results[1]!["errors"]!.AsArray(), e => ((string)e!).StartsWith("now: \"yesterday\": must be an RFC 3339 time", StringComparison.Ordinal));
        Assert.Contains("b.json: not a usable snapshot", errors);
    }

    [Fact]
    public void A_missing_path_exits_2_and_says_what_to_pass()
    {
        var (exit, _, errors) = Decide("/nonexistent/snapshot.json");

        Assert.Equal(2, exit);
        Assert.Contains("no such file or folder", errors);
    }
}
