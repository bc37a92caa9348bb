using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Import;
using ElasticScaler.Autoscaler.Import.Sources;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>Runs <c>import</c> in process and reads its YAML back, as a person piping it to kubectl would.</summary>
public sealed record ImportRun(int Exit, string Out, string Err, IReadOnlyList<JsonObject> Objects)
{
    /// <summary>A Tuesday, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Data", name);

    public static ImportRun Files(params string[] files) => Of(new ImportCommand.Request { Inputs = [.. files.Select(Data)] });

    public static ImportRun Of(ImportCommand.Request request, string stdin = "", TimeProvider? time = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = ImportCommand.RunAsync(request, new StringReader(stdin), stdout, stderr, time ?? new FakeTimeProvider(Now), CancellationToken.None)
            .GetAwaiter().GetResult();
        var (docs, error) = DocumentReader.Read(stdout.ToString(), "stdout");
        Assert.True(error is null, $"the output is not YAML: {error}\n{stdout}");
        return new ImportRun(exit, stdout.ToString(), stderr.ToString(), [.. docs.Select(d => d.Object)]);
    }

    public JsonObject Single()
    {
        Assert.True(Objects.Count == 1, $"expected one ElasticScaler, got {Objects.Count}:\n{Out}\n{Err}");
        return Objects[0];
    }

    /// <summary>Notes on stderr (the lines that make the exit 1).</summary>
    public IReadOnlyList<string> Notes => [.. Err.Split('\n').Where(l => l.StartsWith("note: ", StringComparison.Ordinal))];
}

/// <summary>Reads a value at a path such as "spec.schedules[0].end" from an object.</summary>
public static class JsonPathOf
{
    public static JsonNode? Get(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var indexes = new List<int>();
            while (name.EndsWith(']'))
            {
                var open = name.LastIndexOf('[');
                indexes.Insert(0, int.Parse(name[(open + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
                name = name[..open];
            }
            if (name.Length > 0) node = node is JsonObject o && o.TryGetPropertyValue(name, out var v) ? v : null;
            foreach (var i in indexes) node = node is JsonArray a && i < a.Count ? a[i] : null;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The value as compact JSON ("3", "\"0 0 8 * * *\"", "null" when absent).</summary>
    public static string Json(JsonNode? node, string path) => Get(node, path)?.ToJsonString() ?? "null";
}
