using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>A real Prometheus scrapes the demo app's /metrics (Debian's prometheus, installed by .ci/run).</summary>
public class PrometheusScrapeTests
{
    private const string Binary = "/usr/bin/prometheus";

    [SkippableFact]
    public async Task A_real_prometheus_scrapes_the_per_pod_request_counter()
    {
        Skip.IfNot(File.Exists(Binary), $"{Binary} is absent (apt-get install prometheus); the exposition format is checked by LiveWorkloadTests");
        var service = new ServiceLoad(new LoadModelOptions());
        service.Set(new PodLoad("wordpress", "wp-1", "ecs-node-1", 1, service.Options, DateTimeOffset.UtcNow), ready: true);
        await using var app = await DemoApp.StartAsync(service, TimeProvider.System);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        for (int i = 0; i < 3; i++) (await http.GetAsync(app.BaseAddress)).Dispose();

        var dir = Directory.CreateTempSubdirectory("es-prom-");
        int port = FreePort();
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: demo
                static_configs:
                  - targets: ["{app.BaseAddress.Authority}"]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo(Binary)
        {
            ArgumentList = { $"--config.file={config}", $"--web.listen-address=127.0.0.1:{port}", $"--storage.tsdb.path={Path.Combine(dir.FullName, "data")}" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            string? value = null;
            var query = new Uri($"http://127.0.0.1:{port}/api/v1/query?query=" + Uri.EscapeDataString("demo_requests_total{pod=\"wp-1\",code=\"200\"}"));
            // Up to 2 min: Prometheus's start (TSDB, first scrape) takes far longer on a loaded machine than the 1 s scrape suggests.
            for (int attempt = 0; attempt < 240 && value is null; attempt++)
            {
                await Task.Delay(500);
                try
                {
                    var body = JsonNode.Parse(await http.GetStringAsync(query))!;
                    value = body["data"]?["result"] is JsonArray { Count: > 0 } result ? result[0]!["value"]![1]!.GetValue<string>() : null;
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }
            Assert.Equal("3", value);
        }
        finally
        {
            prometheus.Kill();
            await prometheus.WaitForExitAsync();
            dir.Delete(recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
