using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElasticScaler.Tests.Shared;

/// <summary>
/// Debian's real Prometheus (/usr/bin/prometheus, installed by .ci/run) on a loopback port with a temp config and
/// storage directory, scraping the given targets. It can be stopped and started again on the same port and data,
/// as an outage would; disposing kills it (by its own process) and removes the directory. Linked into the test
/// projects that need it.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly DirectoryInfo _dir;
    private readonly string _config;
    private Process? _process;

    private PrometheusServer(DirectoryInfo dir, string config, int port)
    {
        _dir = dir;
        _config = config;
        Port = port;
    }

    public static bool Installed => File.Exists(Binary);

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT, the serverAddress a scaler names.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}");

    public bool Running => _process is { HasExited: false };

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> ("host:port") every <paramref name="scrapeInterval"/>, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets, TimeSpan scrapeInterval)
    {
        var dir = Directory.CreateTempSubdirectory("es-prom-");
        var config = Path.Combine(dir.FullName, "prometheus.yml");
        var interval = $"{(int)scrapeInterval.TotalMilliseconds}ms";
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {interval}
              evaluation_interval: {interval}
            scrape_configs:
              - job_name: demo
                scrape_timeout: {interval}
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"\"{t}\""))}]
            """);
        var server = new PrometheusServer(dir, config, FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts it again on the same port and storage (after <see cref="StopAsync"/>) and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        if (Running) return;
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { $"--config.file={_config}", $"--web.listen-address=127.0.0.1:{Port}", $"--storage.tsdb.path={Path.Combine(_dir.FullName, "data")}" })
            info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException($"{Binary} did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        // Up to 2 min: opening the TSDB takes far longer on a loaded machine than on an idle one.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Address, "/-/ready"))).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // still starting
            }
            if (_process.HasExited) throw new InvalidOperationException($"{Binary} exited with code {_process.ExitCode}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Binary} was not ready within 2 min");
    }

    /// <summary>Kills it, as a crash would; the data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>The value of an instant query's first series, or null when it has none (or Prometheus is not answering).</summary>
    public async Task<string?> QueryAsync(string query)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(Address, "/api/v1/query?query=" + Uri.EscapeDataString(query))))!;
            return body["data"]?["result"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } result ? result[0]!["value"]![1]!.GetValue<string>() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { _dir.Delete(recursive: true); }
        catch (IOException) { /* Prometheus may still be releasing its files */ }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
