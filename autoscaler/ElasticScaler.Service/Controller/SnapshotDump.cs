using System.Globalization;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Serialization;
using ElasticScaler.Core.Snapshots;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// <c>--dump-dir DIR</c>: every decision that changed something (a scale write or a new status) leaves its input
/// as a snapshot, <c>DIR/&lt;ns&gt;/&lt;name&gt;/snapshots/&lt;time&gt;.json</c>, and the decision as
/// <c>decide --json</c> prints it, <c>.../results/&lt;time&gt;.json</c>. <c>decide --snapshot .../snapshots</c>
/// replays them: the same input, history and time give the same decision.
/// </summary>
public sealed class SnapshotDump(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public async Task WriteAsync(ScalerObject scaler, DecisionInput input, DecisionHistory history, Decision decision, DateTimeOffset now, CancellationToken ct)
    {
        var folder = Path.Combine(Directory, scaler.Namespace, scaler.Name);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss.fff'Z'", CultureInfo.InvariantCulture);
        var snapshotFile = Path.Combine(folder, "snapshots", stamp + ".json");
        var resultFile = Path.Combine(folder, "results", stamp + ".json");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(snapshotFile)!);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(resultFile)!);
        var snapshot = SnapshotWriter.Write(scaler.Raw, input, history, now, $"dumped by the service for {scaler.Key}");
        await File.WriteAllTextAsync(snapshotFile, snapshot.ToJsonString(CoreJson.Indented), ct).ConfigureAwait(false);
        var result = DecisionJson.ToJson(snapshotFile, scaler.Name, decision);
        await File.WriteAllTextAsync(resultFile, result.ToJsonString(CoreJson.Indented), ct).ConfigureAwait(false);
    }
}
