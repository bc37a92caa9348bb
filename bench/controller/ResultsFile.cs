using System.Text.Json;

namespace ElasticScaler.Bench.Controller;

/// <summary>DIR/results.json, camelCase, indented.</summary>
public static class ResultsFile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(BenchResult result) => JsonSerializer.Serialize(result, Json);

    public static string Write(string outDir, BenchResult result)
    {
        Directory.CreateDirectory(outDir);
        var path = Path.GetFullPath(Path.Combine(outDir, "results.json"));
        File.WriteAllText(path, Serialize(result) + "\n");
        return path;
    }
}
