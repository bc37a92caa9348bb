using System.Text.Json;
using System.Text.Json.Serialization;
using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;
using ElasticScaler.Demo.Watch;

namespace ElasticScaler.Demo.Reports;

/// <summary>
/// <c>demo.json</c> in the report folder: every second, the scale events, the pod deletions in order, the summary and
/// the processes the demo ran (so a test can check none is left), in camelCase.
/// </summary>
public sealed record DemoRecord(
    DemoOptions Options, IReadOnlyList<DemoSecond> Seconds, IReadOnlyList<DemoEvent> Events, IReadOnlyList<PodDeletion> Deletions,
    double? ScaleInStart, DemoSummary? Summary, IReadOnlyList<int> ChildPids, bool Passed, IReadOnlyList<string> Failures)
{
    public const string FileName = "demo.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));
}
