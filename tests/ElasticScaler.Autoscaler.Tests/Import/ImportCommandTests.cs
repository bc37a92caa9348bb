using ElasticScaler.Autoscaler.Import;
using ElasticScaler.Autoscaler.Import.Sources;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;

namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>The command's contract: inputs, exit codes 0/1/2 and what stderr says.</summary>
public sealed class ImportCommandTests
{
    [Fact]
    public void Everything_carried_over_exits_0_with_nothing_on_stderr()
    {
        var run = ImportRun.Files("hpa-v2-php-apache.yaml");

        Assert.Equal(0, run.Exit);
        Assert.Equal("", run.Err);
        Assert.StartsWith("# imported from HorizontalPodAutoscaler (no namespace)/php-apache\napiVersion: autoscaling.elasticscaler.io/v1alpha1\nkind: ElasticScaler\n", run.Out);
    }

    [Fact]
    public void A_note_exits_1_and_names_the_source_and_field_on_stderr_and_in_the_yaml()
    {
        var run = ImportRun.Files("keda-kafka-paused.yaml");

        Assert.Equal(1, run.Exit);
        Assert.Contains("note: ScaledObject jobs/consumer: spec.triggers[0].type: KEDA's kafka scaler has no ElasticScaler source", run.Err);
        Assert.Contains("# ScaledObject consumer spec.triggers[0].type: KEDA's kafka scaler", run.Out);
        Assert.Equal("5", run.Single()["metadata"]!["annotations"]![PauseAnnotations.PausedReplicas]!.GetValue<string>());
    }

    [Fact]
    public void Other_kinds_are_skipped_with_a_line_and_are_no_error()
    {
        var run = ImportRun.Files("other-kinds.yaml", "hpa-v2-php-apache.yaml");

        Assert.Equal(0, run.Exit);
        Assert.Contains("other-kinds.yaml, document 1: v1 Service (no namespace)/web", run.Err);
        Assert.Contains("other-kinds.yaml, document 2: v1 ConfigMap (no namespace)/settings", run.Err);
        Assert.Single(run.Objects);
    }

    [Fact]
    public void A_malformed_object_of_a_known_kind_exits_2_naming_file_document_and_field_and_prints_nothing()
    {
        var run = ImportRun.Files("hpa-v2-php-apache.yaml", "malformed-hpa.yaml");

        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Out);
        Assert.Contains("malformed-hpa.yaml, document 1: HorizontalPodAutoscaler shop/broken: spec.maxReplicas: required", run.Err);
        Assert.Contains("malformed-hpa.yaml, document 1: HorizontalPodAutoscaler shop/broken: spec.minReplicas: \"many\": must be an integer", run.Err);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["/nonexistent/file.yaml"] });

        Assert.Equal(2, run.Exit);
        Assert.Contains("error: /nonexistent/file.yaml: no such file or folder", run.Err);
    }

    [Fact]
    public void Bad_yaml_exits_2_with_the_line()
    {
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["-"] }, stdin: "apiVersion: autoscaling/v2\nkind: [HorizontalPodAutoscaler\n");

        Assert.Equal(2, run.Exit);
        Assert.Contains("error: stdin: not valid YAML at line", run.Err);
    }

    [Fact]
    public void Bad_json_exits_2()
    {
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["-"] }, stdin: "{\"apiVersion\": \"autoscaling/v2\",");

        Assert.Equal(2, run.Exit);
        Assert.Contains("error: stdin: not valid JSON", run.Err);
    }

    [Fact]
    public void Stdin_reads_multi_document_yaml_and_a_kind_List()
    {
        var list = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: autoscaling/v2
              kind: HorizontalPodAutoscaler
              metadata: {name: a, namespace: shop}
              spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: a}, maxReplicas: 5}
            ---
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscalerList
            items:
            - metadata: {name: b, namespace: shop}
              spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: b}, maxReplicas: 7}
            """;
        var run = ImportRun.Of(new ImportCommand.Request { Inputs = ["-"] }, stdin: list);

        Assert.Equal(0, run.Exit);
        Assert.Equal(["a", "b"], run.Objects.Select(o => (string)o["metadata"]!["name"]!));
        Assert.Equal(7, (int)run.Objects[1]["spec"]!["maxReplicas"]!);
        Assert.Contains("\n---\n", run.Out);
    }

    [Fact]
    public void A_folder_reads_every_yaml_yml_and_json_file_in_it()
    {
        var dir = Directory.CreateTempSubdirectory("es-import-").FullName;
        File.Copy(ImportRun.Data("hpa-v2-php-apache.yaml"), Path.Combine(dir, "a.yml"));
        File.Copy(ImportRun.Data("hpa-v2-multiple-metrics.json"), Path.Combine(dir, "b.json"));
        File.Copy(ImportRun.Data("keda-cron.yaml"), Path.Combine(dir, "c.yaml"));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not read");

        var run = ImportRun.Of(new ImportCommand.Request { Inputs = [dir] });

        // a.yml and b.json target the same Deployment (no namespace and default are two namespaces here).
        Assert.Equal(0, run.Exit);
        Assert.Equal(3, run.Objects.Count);
    }

    [Fact]
    public void Two_autoscalers_on_one_target_import_the_first_and_note_the_other()
    {
        var run = ImportRun.Files("hpa-v1-php-apache.yaml", "hpa-v2-multiple-metrics.json");

        Assert.Equal(1, run.Exit);
        var es = run.Single();
        Assert.Equal(50, (int)es["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!);
        Assert.Contains(run.Notes, n => n.Contains("two autoscalers on one target fight", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--delete-source: only with --apply")]
    [InlineData("--cronhpa-time-zone: \"Mars/Olympus\"")]
    [InlineData("--wait-timeout: \"soon\"")]
    [InlineData("nothing to import")]
    public void Bad_arguments_exit_2_naming_the_flag(string expected)
    {
        var request = expected switch
        {
            var e when e.StartsWith("--delete", StringComparison.Ordinal) => new ImportCommand.Request { Inputs = ["x"], DeleteSource = true },
            var e when e.StartsWith("--cronhpa", StringComparison.Ordinal) => new ImportCommand.Request { Inputs = ["x"], CronHpaTimeZone = "Mars/Olympus" },
            var e when e.StartsWith("--wait", StringComparison.Ordinal) => new ImportCommand.Request { Inputs = ["x"], WaitTimeout = "soon" },
            _ => new ImportCommand.Request(),
        };
        var run = ImportRun.Of(request);

        Assert.Equal(2, run.Exit);
        Assert.Contains(expected, run.Err);
    }

    [Theory]
    [InlineData("hpa-v2-behavior.yaml")]
    [InlineData("hpa-cronhpa.yaml")]
    [InlineData("keda-scaledobject-spec.yaml")]
    [InlineData("keda-prometheus.yaml")]
    [InlineData("cronhpa-exclude-dates.yaml")]
    public void The_output_is_read_by_the_one_mapping_and_validates_as_the_service_would(string file)
    {
        var run = ImportRun.Files(file);

        foreach (var o in run.Objects)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(o.ToJsonString());
            var read = KubernetesObjects.Scaler(doc.RootElement);
            Assert.True(read.Success, string.Join("; ", read.Errors));
            Assert.Equal(ScalerKind.ElasticScaler, read.Value!.Kind);
            var prepared = PreparedSpec.Prepare(read.Value.Spec, new ControllerSettings());
            Assert.True(prepared.IsValid, string.Join("; ", prepared.Errors));
        }
    }

    [Fact]
    public void Strings_a_yaml_reader_could_mistake_are_quoted()
    {
        var run = ImportRun.Files("cronhpa-exclude-dates.yaml");

        Assert.Contains("  - \"* * * 15 11 *\"\n", run.Out);
        Assert.Contains("    start: \"0 */1 * * * *\"\n", run.Out);
        var (docs, error) = DocumentReader.Read(run.Out, "again");
        Assert.Null(error);
        Assert.Equal("* * * * * 5", (string)docs[0].Object["spec"]!["excludeDates"]![1]!);
    }
}
