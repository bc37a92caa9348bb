using System.Diagnostics;
using System.Text.RegularExpressions;
using ElasticScaler.Sim.Cluster;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>
/// `kubectl logs` on the demo app's pods, with the real kubectl against the seed cluster and its live app: the
/// kubelet's start-up line and the app's ready line, then one access line per request the pod answered; --tail,
/// --timestamps and -f (started, fed requests, read, stopped). Also the memory bound under load, without kubectl.
/// </summary>
public sealed class PodLogTests
{
    private const string Ns = "wordpress";

    private static readonly Regex Access = new(@"^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d \+0000\] ""GET (\S+) HTTP/1\.1"" 200 \d+ ""-"" ""demo-test"" \d+ms$");

    private static string? KubectlPath { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    private static ProcessStartInfo Kubectl(string kubeconfig, string cache, params string[] args)
    {
        var psi = new ProcessStartInfo(KubectlPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cache, .. args])
            psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = cache;
        return psi;
    }

    private static string Ok(string kubeconfig, string cache, params string[] args)
    {
        using var p = Process.Start(Kubectl(kubeconfig, cache, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 60 s");
        }
        Assert.True(p.ExitCode == 0, $"kubectl {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Sends requests until <paramref name="pod"/> has answered <paramref name="count"/> of them; returns their paths.</summary>
    private static async Task<List<string>> SendUntil(HttpClient http, string pod, int count, string prefix)
    {
        var mine = new List<string>();
        for (var i = 0; mine.Count < count && i < 500; i++)
        {
            var path = $"/{prefix}-{i}";
            using var res = await http.GetAsync(path);
            Assert.True(res.IsSuccessStatusCode, $"{path}: {(int)res.StatusCode}");
            if (res.Headers.GetValues("X-Pod").Single() == pod)
                mine.Add(path);
        }
        Assert.Equal(count, mine.Count);
        return mine;
    }

    [SkippableFact]
    public async Task Kubectl_logs_of_a_wordpress_pod_is_its_start_up_then_an_access_line_per_request_with_tail_timestamps_and_follow()
    {
        Skip.If(KubectlPath is null, "kubectl is not on PATH");
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Preset = "seed",
            Kubelet = new KubeletTiming { EcsStartupDelay = TimeSpan.Zero, EciStartupDelay = TimeSpan.Zero, Jitter = 0 },
        });
        await using var app = await LiveWorkload.StartAsync(cluster.Api, Ns, "wordpress");
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        var config = cluster.Api.AdminKubeconfigPath;
        try
        {
            Ok(config, cache, "rollout", "status", "deploy/wordpress", "-n", Ns, "--timeout=60s");
            using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.UserAgent.ParseAdd("demo-test");
            using (var first = await http.GetAsync("/"))
                Assert.True(first.IsSuccessStatusCode);
            var pod = app.Service.Ready[0].Name;
            var sent = await SendUntil(http, pod, 3, "req");

            var log = Lines(Ok(config, cache, "logs", pod, "-n", Ns));
            Assert.Matches(@"^started container wordpress \(image wordpress:[^)]+\) on node cn-hangzhou\.192\.168\.0\.\d+$", log[0]);
            Assert.Equal("demo app ready: serving on :80 at 0.5 cores (40 ms a request, queue limit 100, timeout 5s)", log[1]);
            var paths = log[2..].Select(l => Access.Match(l)).Select(m => m.Success ? m.Groups[1].Value : "not an access line: " + m.Value).ToList();
            Assert.Equal(sent, paths.TakeLast(3));

            Assert.Equal(log[^2..], Lines(Ok(config, cache, "logs", pod, "-n", Ns, "--tail=2")));
            Assert.Equal(log, Lines(Ok(config, cache, "logs", pod, "-n", Ns, "--since=1h")));
            var stamped = Lines(Ok(config, cache, "logs", pod, "-n", Ns, "--timestamps", "--tail=1"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z 127\.0\.0\.1 ", stamped.Single());
            Assert.EndsWith(log[^1], stamped.Single(), StringComparison.Ordinal);

            // -f: started with no backlog, it prints each request the pod answers as it happens; the test stops it.
            using var follow = Process.Start(Kubectl(config, cache, "logs", "-f", pod, "-n", Ns, "--tail=0"))!;
            try
            {
                var followed = new List<string>();
                var reading = Task.Run(async () =>
                {
                    while (followed.Count < 3 && await follow.StandardOutput.ReadLineAsync() is { } line)
                        followed.Add(line);
                });
                await Task.Delay(500);   // the stream is open before the requests are sent
                var live = await SendUntil(http, pod, 3, "live");
                Assert.True(await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(20))) == reading, $"kubectl logs -f printed {followed.Count} of 3 lines");
                Assert.Equal(live, followed.Select(l => Access.Match(l).Groups[1].Value));
                Assert.False(follow.HasExited, "kubectl logs -f ended by itself while the pod still runs");
            }
            finally
            {
                follow.Kill(entireProcessTree: true);
                await follow.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task Under_load_a_pods_log_keeps_only_its_last_lines()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions { Preset = "seed", UseTls = false, PodLogLines = 20 });
        LiveWorkloadTests.CreateService(sim);
        LiveWorkloadTests.CreateReadyPod(sim, "wp-1", "4");
        await using var app = await LiveWorkload.StartAsync(sim, Ns, "wordpress");
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        // At once, so the pod's queue fills: it answers 200 or, past its queue limit, 503, and logs each.
        var codes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var res = await http.GetAsync($"/load-{i}");
            return (int)res.StatusCode;
        }));
        Assert.All(codes, c => Assert.Contains(c, new[] { 200, 503 }));
        var log = sim.Logs.Find(Ns, "wp-1", "wordpress")!;
        Assert.Equal(201, log.Written);     // the ready line and 200 requests
        Assert.Equal(20, log.Count);
        Assert.All(log.Read(0).Lines, l => Assert.Contains("\"GET /load-", l.Text, StringComparison.Ordinal));
    }
}
