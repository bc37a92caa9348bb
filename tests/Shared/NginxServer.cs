using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElasticScaler.Tests.Shared;

/// <summary>
/// Debian's nginx (installed by .ci/run) on a free loopback port, one worker, <c>return 200 "ok\n"</c> with keep-alive,
/// its config, logs and pid in a temp directory. The access log counts every request served. Disposing stops the
/// master started here, by its id, and removes the directory. Linked into the test projects that need it.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly DirectoryInfo _dir;
    private readonly Process _process;

    private NginxServer(DirectoryInfo dir, Process process, int port)
    {
        _dir = dir;
        _process = process;
        Port = port;
    }

    public static bool Installed => File.Exists(Binary);

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Requests served so far (lines of the access log; nginx writes a line as each request ends).</summary>
    public int RequestsServed => File.Exists(AccessLog) ? File.ReadLines(AccessLog).Count() : 0;

    private string AccessLog => Path.Combine(_dir.FullName, "logs", "access.log");

    public static async Task<NginxServer> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("es-nginx-");
        Directory.CreateDirectory(Path.Combine(dir.FullName, "logs"));
        Directory.CreateDirectory(Path.Combine(dir.FullName, "tmp"));
        var port = FreePort();
        var d = dir.FullName;
        var config = Path.Combine(d, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            pid {{d}}/nginx.pid;
            error_log {{d}}/logs/error.log warn;
            daemon off;
            events { worker_connections 4096; }
            http {
              access_log {{d}}/logs/access.log;
              keepalive_requests 100000000;
              keepalive_timeout 65s;
              client_body_temp_path {{d}}/tmp/body;
              proxy_temp_path {{d}}/tmp/proxy;
              fastcgi_temp_path {{d}}/tmp/fastcgi;
              uwsgi_temp_path {{d}}/tmp/uwsgi;
              scgi_temp_path {{d}}/tmp/scgi;
              server {
                listen 127.0.0.1:{{port}} backlog=4096;
                location / { default_type text/plain; return 200 "ok\n"; }
              }
            }
            """);
        var info = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-c", config, "-p", d + "/", "-e", Path.Combine(d, "logs", "error.log") })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{Binary} did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new NginxServer(dir, process, port);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}: {File.ReadAllText(Path.Combine(d, "logs", "error.log"))}");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException("nginx did not listen within 20 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        _process.Dispose();
        try
        {
            _dir.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold the log for a moment; the temp directory is left to the OS.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
