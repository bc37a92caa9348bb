using System.Net.Http.Json;
using System.Text.Json;

namespace ElasticScaler.Demo.Tests.EndToEnd;

/// <summary>
/// The demo as one command, shortened for CI (a 75-second ramp to 500 users, windows divided by 8): the replicas rise
/// past the ECS nodes' 22, ECI pods appear, the scale-in releases ECI pods before any ECS pod, the load's success
/// rate and p95 stay within the thresholds stated here, the reports exist, the page serves the timeline while it
/// runs, and no process is left.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class DemoRunTests : IDisposable
{
    /// <summary>The thresholds this test holds the short run to.</summary>
    private const double MinSuccessRate = 0.97;
    private const double MaxP95Ms = 1000;

    private readonly string _report = Path.Combine(Path.GetTempPath(), $"demo-e2e-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_short_run_scales_past_ECS_into_ECI_releases_ECI_first_and_leaves_nothing_behind()
    {
        var port = FreePort();
        await using var demo = DemoProcess.Start("--max-users", "500", "--time-scale", "8", "--report", _report, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--exit-at-end");
        await demo.WaitForLineAsync("web page: ", TimeSpan.FromSeconds(90));

        // While it runs, the page's API serves the samples.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await demo.WaitForLineAsync("at rest: ", TimeSpan.FromSeconds(150));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var timeline = await http.GetFromJsonAsync<JsonElement>("api/timeline");
        Assert.True(timeline.GetProperty("samples").GetArrayLength() > 0, timeline.ToString());
        Assert.Equal("running", timeline.GetProperty("phase").GetString());

        var exit = await demo.WaitForExitAsync(TimeSpan.FromMinutes(4));
        var output = demo.Output;
        Assert.True(exit == 0, $"exit {exit}:\n{output}");

        var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(_report, "demo.json"))).RootElement;
        var summary = record.GetProperty("summary");
        Assert.True(summary.GetProperty("peakReplicas").GetInt32() > 22, summary.ToString());
        Assert.True(summary.GetProperty("peakEci").GetInt32() > 0, summary.ToString());
        var scaleIn = summary.GetProperty("scaleIn");
        Assert.True(scaleIn.GetProperty("eciReleased").GetInt32() > 0, scaleIn.ToString());
        Assert.True(scaleIn.GetProperty("eciFirst").GetBoolean(), scaleIn.ToString());
        // The order itself, from the deletions the pod watch saw after the load ended.
        var start = record.GetProperty("scaleInStart").GetDouble();
        var released = record.GetProperty("deletions").EnumerateArray().Where(d => d.GetProperty("t").GetDouble() >= start && d.GetProperty("pool").GetString() != "None")
            .Select(d => d.GetProperty("pool").GetString()).ToList();
        var firstEcs = released.IndexOf("Ecs");
        Assert.True(firstEcs < 0 || released.LastIndexOf("Eci") < firstEcs, string.Join(",", released));
        Assert.InRange(summary.GetProperty("successRate").GetDouble(), MinSuccessRate, 1);
        Assert.InRange(summary.GetProperty("p95Ms").GetDouble(), 0, MaxP95Ms);

        foreach (var file in new[] { "demo.json", "demo.png", "load/report.html", "load/report.json", "load/junit.xml", "load/timeseries.csv", "service.log" })
            Assert.True(File.Exists(Path.Combine(_report, file)), file);
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(_report, "decisions"), "*.json", SearchOption.AllDirectories));
        Assert.Contains("summary:", output, StringComparison.Ordinal);
        Assert.Contains("released", output, StringComparison.Ordinal);

        var pids = record.GetProperty("childPids").EnumerateArray().Select(p => p.GetInt32()).Append(demo.Pid).ToList();
        Assert.Empty(await Leftovers.AfterAsync(pids, TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(Leftovers.TempFolder(output)), "the temp folder was left");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (Directory.Exists(_report))
            Directory.Delete(_report, recursive: true);
    }
}
