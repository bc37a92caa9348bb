using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Bench;

/// <summary>
/// Loads N pods in-process, then measures over HTTPS on loopback: GET of single pods (requests/s, p99), full LIST
/// (lists/s, p99), and watch fan-out (W watches, E pod updates: event latency p50/p99 from write to receipt), plus memory.
/// </summary>
public static class SimBenchmark
{
    private const string Ns = "bench";

    public static async Task Run(BenchOptions o, TextWriter output)
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions { HistoryCapacity = Math.Max(10_000, o.Events * 2) });
        var pods = sim.Registry.Find("", "v1", "pods")!;
        var nsType = sim.Registry.Find("", "v1", "namespaces")!;
        sim.Resources.Create(nsType, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Ns } });
        var load = Stopwatch.StartNew();
        for (var i = 0; i < o.Pods; i++)
            sim.Resources.Create(pods, Ns, Pod(i));
        load.Stop();
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        using var http = Client(sim);

        var get = await Measure(o.Seconds, o.Workers, async (rnd, ct) =>
        {
            using var res = await http.GetAsync($"/api/v1/namespaces/{Ns}/pods/pod-{rnd.Next(o.Pods)}", ct);
            res.EnsureSuccessStatusCode();
            await res.Content.ReadAsByteArrayAsync(ct);
        });
        var list = await Measure(o.Seconds, 2, async (_, ct) =>
        {
            using var res = await http.GetAsync($"/api/v1/namespaces/{Ns}/pods", ct);
            res.EnsureSuccessStatusCode();
            await res.Content.ReadAsByteArrayAsync(ct);
        });
        var page = await Measure(o.Seconds, o.Workers, async (_, ct) =>
        {
            using var res = await http.GetAsync($"/api/v1/namespaces/{Ns}/pods?limit=500", ct);
            res.EnsureSuccessStatusCode();
            await res.Content.ReadAsByteArrayAsync(ct);
        });
        var (latencies, delivered, fanOutSeconds) = await FanOut(sim, http, pods, o);

        output.WriteLine($"| pods | {o.Pods} (loaded in-process in {load.Elapsed.TotalSeconds:F1} s, {o.Pods / load.Elapsed.TotalSeconds:F0}/s) |");
        output.WriteLine($"| managed heap after load | {memory / 1024.0 / 1024.0:F0} MiB (working set {Environment.WorkingSet / 1024.0 / 1024.0:F0} MiB) |");
        output.WriteLine($"| GET one pod, {o.Workers} workers | {get.Rate:F0} req/s, p50 {get.P(0.5):F2} ms, p99 {get.P(0.99):F2} ms |");
        output.WriteLine($"| LIST all {o.Pods} pods, 2 workers | {list.Rate:F1} lists/s, p50 {list.P(0.5):F0} ms, p99 {list.P(0.99):F0} ms |");
        output.WriteLine($"| LIST limit=500, {o.Workers} workers | {page.Rate:F0} pages/s, p50 {page.P(0.5):F1} ms, p99 {page.P(0.99):F1} ms |");
        output.WriteLine($"| watch fan-out: {o.Watchers} watchers x {o.Events} updates at {o.Rate}/s | {delivered} events in {fanOutSeconds:F1} s ({delivered / fanOutSeconds:F0} events/s), latency p50 {Percentile(latencies, 0.5):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies.Max():F1} ms |");
    }

    private static JsonObject Pod(int i) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = $"pod-{i}",
            ["labels"] = new JsonObject { ["app"] = "web", ["shard"] = (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = $"node-{i % 50}",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "web",
                ["image"] = "nginx:1.27",
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "128Mi" } },
            }),
        },
    };

    private static HttpClient Client(SimCluster sim)
    {
        var thumbprint = sim.Certificate!.Thumbprint;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint },
        };
        var http = new HttpClient(handler) { BaseAddress = sim.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sim.AdminToken);
        return http;
    }

    private sealed record Result(double Rate, List<double> Millis)
    {
        public double P(double q) => Percentile(Millis, q);
    }

    private static async Task<Result> Measure(int seconds, int workers, Func<Random, CancellationToken, Task> op)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var samples = new ConcurrentBag<double>();
        var total = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var rnd = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await op(rnd, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return new Result(samples.Count / total.Elapsed.TotalSeconds, samples.ToList());
    }

    private static async Task<(List<double> Latencies, int Delivered, double Seconds)> FanOut(SimCluster sim, HttpClient http, Registry.ResourceType pods, BenchOptions o)
    {
        var written = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentBag<(string Rv, long At)>();
        var rv = sim.Store.Revision;
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var expected = o.Events;
        var watchers = Enumerable.Range(0, o.Watchers).Select(async _ =>
        {
            using var req = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{Ns}/pods?watch=true&resourceVersion={rv}&timeoutSeconds=120");
            using var res = await http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, done.Token);
            using var reader = new StreamReader(await res.Content.ReadAsStreamAsync(done.Token));
            var seen = 0;
            while (seen < expected && await reader.ReadLineAsync(done.Token) is { } line)
            {
                var now = Stopwatch.GetTimestamp();
                using var doc = JsonDocument.Parse(line);
                var eventRv = doc.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
                received.Add((eventRv, now));
                seen++;
            }
        }).ToList();
        while (sim.Store.WatcherCount < o.Watchers)
            await Task.Delay(20);
        var total = Stopwatch.StartNew();
        for (var i = 0; i < o.Events; i++)
        {
            var name = $"pod-{i % o.Pods}";
            var start = Stopwatch.GetTimestamp();
            var updated = sim.Resources.Patch(pods, Ns, name, ResourceService.MergePatch,
                JsonNode.Parse($"{{\"metadata\":{{\"labels\":{{\"rev\":\"{i}\"}}}}}}")!, new WriteOptions(FieldManager: "bench"));
            written[(string)updated.Object["metadata"]!["resourceVersion"]!] = start;
            // Paced writes: the latency then measures delivery, not the backlog of a burst.
            var due = total.Elapsed.TotalSeconds * o.Rate;
            if (i + 1 > due)
                await Task.Delay(TimeSpan.FromSeconds((i + 1 - due) / o.Rate));
        }
        await Task.WhenAll(watchers);
        var seconds = total.Elapsed.TotalSeconds;
        // Joined after the run, so an event that beats the writer's bookkeeping still counts.
        var latencies = received.Select(r => Stopwatch.GetElapsedTime(written[r.Rv], r.At).TotalMilliseconds).ToList();
        return (latencies, latencies.Count, seconds);
    }

    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }
}
