using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ElasticScaler.Deploy.Tests;

/// <summary>A real Prometheus (Debian's, at /usr/bin/prometheus) scraping one target every second, on loopback; killed by its id on dispose.</summary>
public sealed class Prometheus : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly DirectoryInfo _dir;
    private readonly HttpClient _http;

    private Prometheus(Process process, DirectoryInfo dir, int port)
    {
        _process = process;
        _dir = dir;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static bool Installed => File.Exists(Binary);

    public static async Task<Prometheus> StartAsync(Uri target)
    {
        var dir = Directory.CreateTempSubdirectory("es-prom-");
        int port = FreePort();
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: elasticscaler
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var psi = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { $"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.tsdb.path={Path.Combine(dir.FullName, "data")}" })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new Prometheus(process, dir, port);
    }

    /// <summary>An instant query: the API's status ("success" or "error" with its message) and the result.</summary>
    public async Task<(string Status, string? Error, JsonArray Result)> QueryAsync(string promql)
    {
        var body = JsonNode.Parse(await _http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql)).ConfigureAwait(false))!;
        return ((string)body["status"]!, (string?)body["error"], body["data"]?["result"] as JsonArray ?? []);
    }

    /// <summary>Waits until the target has been scraped a few times, so rates over a few seconds have two samples.</summary>
    public Task ScrapedAsync(TimeSpan within) => Eventually.UntilAsync(async () =>
    {
        var (status, _, result) = await QueryAsync("count_over_time(up[30s])").ConfigureAwait(false);
        return status == "success" && result.Count == 1 && double.Parse((string)result[0]!["value"]![1]!, System.Globalization.CultureInfo.InvariantCulture) >= 4;
    }, () => "Prometheus has not scraped the service four times", within);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
