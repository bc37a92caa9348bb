using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace ElasticScaler.Bench.Controller;

/// <summary>
/// One run: the sim, the objects, every pod Ready with its metrics, the service, a warm-up (every scaler synced twice),
/// the steady window, then the metric changes; the audit is drained every 2 s throughout.
/// </summary>
public static partial class BenchRun
{
    public const string ServiceUser = "system:serviceaccount:elasticscaler:elasticscaler";
    private const int Parallel = 16;
    private const long SteadyMillis = Workloads.RequestMillis * Workloads.TargetUtilization / 100;
    private const double ChangeFactor = 1.6; // 50% -> 80% of the request
    /// <summary>metrics-server's resolution, the sim's metrics window.</summary>
    private static readonly TimeSpan MetricsResolution = TimeSpan.FromSeconds(15);

    public static async Task<BenchResult> RunAsync(BenchOptions o, IAnsiConsole console, CancellationToken ct = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        string? limitNote = null;
        var clock = Stopwatch.StartNew();
        void Say(string text) => console.MarkupLineInterpolated($"[grey]{clock.Elapsed:mm\\:ss}[/] {text}");
        var simDir = Path.GetFullPath(Path.Combine(o.OutDir, "sim"));
        if (Directory.Exists(simDir)) Directory.Delete(simDir, recursive: true);

        Say($"starting the sim ({Builds.Configuration})");
        await using var sim = ChildProcess.Start("sim", Builds.SimDll, "serve", "--preset", "empty", "--dir", simDir);
        var kubeconfig = (await sim.WaitForLineAsync("export KUBECONFIG=", TimeSpan.FromSeconds(90))).Split('=', 2)[1];
        var scalerKubeconfig = (await sim.WaitForLineAsync("scaler kubeconfig: ", TimeSpan.FromSeconds(5))).Split(": ", 2)[1];
        using var api = new SimApi(kubeconfig);
        await api.ApplyFileAsync(Builds.RepoPath("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"), ct);
        await api.ApplyFileAsync(Builds.RepoPath("deploy", "rbac", "service-account.yaml"), ct);
        await api.ApplyFileAsync(Builds.RepoPath("deploy", "rbac", "cluster-role.yaml"), ct);

        int nodes = Workloads.EcsNodes(o.Scalers, o.PodsPerScaler);
        Say($"creating {nodes} ECS nodes and a virtual node");
        await ForEach(Enumerable.Range(1, nodes).Select(Workloads.EcsNodeName), name => CreateNodeAsync(api, Workloads.EcsNode(name), ct), ct);
        await CreateNodeAsync(api, Workloads.VirtualNode(), ct);

        Say($"creating {o.Scalers} namespaces, Deployments of {o.PodsPerScaler} and ElasticScalers");
        var namespaces = Enumerable.Range(1, o.Scalers).Select(Workloads.Namespace).ToList();
        await ForEach(namespaces, async ns =>
        {
            await api.CreateAsync("/api/v1/namespaces", Workloads.NamespaceObject(ns), ct);
            await api.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", Workloads.Deployment(ns, o.PodsPerScaler), ct);
            await api.CreateAsync($"/apis/autoscaling.elasticscaler.io/v1alpha1/namespaces/{ns}/elasticscalers", Workloads.Scaler(ns, 1), ct);
        }, ct);
        await WaitForReadyAsync(api, sim, o, Say, ct);
        Say($"setting {o.Scalers * o.PodsPerScaler} pods' metrics to {SteadyMillis}m ({Workloads.TargetUtilization}% of the request: the target)");
        var load = namespaces.ToDictionary(ns => ns, _ => new Load { TotalMillis = SteadyMillis * o.PodsPerScaler, Replicas = o.PodsPerScaler });
        await ForEach(namespaces, ns => api.SetPodMetricsAsync(ns, SteadyMillis, ct), ct);
        var setupSeconds = clock.Elapsed.TotalSeconds;

        // From here on the bench plays metrics-server: every sample is re-stamped each resolution.
        using var stopMetrics = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var changes = new List<Change>();
        var audit = new AuditCollector(api, ServiceUser);
        var metricsServer = MetricsServerAsync(api, audit, changes, load, stopMetrics.Token);

        Say("starting the service");
        using var cgroup = o.ServiceMemoryLimitBytes is { } limit ? MemoryCgroup.TryCreate(limit, out limitNote) : null;
        if (o.ServiceMemoryLimitBytes is { } wanted)
            Say(cgroup is null ? $"service memory limit: not applied ({limitNote}); the service runs unlimited"
                : $"service memory limit: {wanted / (1024 * 1024)} MiB (a memory cgroup, as its container's limit)");
        await using var service = ChildProcess.StartIn(cgroup?.ProcsPath, "service", Builds.ServiceDll, "run", "--kubeconfig", scalerKubeconfig,
            "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--sync-period", Go(o.SyncPeriod));
        var address = Address().Match(await service.WaitForLineAsync("Serving /metrics", TimeSpan.FromSeconds(120))).Value;
        using var metrics = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        await UntilAsync(async () => (await metrics.GetAsync("/readyz", ct)).IsSuccessStatusCode, service, "the service's /readyz", TimeSpan.FromMinutes(10), ct);
        // Warm-up: every scaler synced twice, and twice more after metrics-server's second pass (the first samples of
        // pods that had just become Ready do not count for HPA), so the first syncs' twin creations and status writes
        // are behind us.
        var warm = DateTimeOffset.UtcNow + MetricsResolution + 2 * o.SyncPeriod + TimeSpan.FromSeconds(2);
        Say($"warm-up: every scaler synced twice ({2 * o.Scalers} reconciles), and until {warm:HH:mm:ss}");
        await UntilAsync(async () => (await ScrapeAsync(metrics, ct)).Count >= 2 * o.Scalers, service, "two syncs of every scaler",
            3 * o.SyncPeriod + TimeSpan.FromMinutes(5), ct);
        if (warm > DateTimeOffset.UtcNow) await DelayAsync(warm - DateTimeOffset.UtcNow, service, sim, ct);

        await audit.DrainAsync(ct); // the set-up's and warm-up's requests
        using var stopAudit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var auditLoop = audit.RunAsync(TimeSpan.FromSeconds(2), stopAudit.Token);

        var loadStart = ProcessStats.LoadAverage();
        var s0 = DateTimeOffset.UtcNow;
        var scrape0 = await ScrapeTextAsync(metrics, ct);
        var h0 = ReconcileHistogram.Parse(scrape0);
        var (svc0, sim0) = (ProcessStats.CpuTime(service.Id), ProcessStats.CpuTime(sim.Id));
        Say($"steady window: {o.SteadyWindow.TotalSeconds:0} s without changes");
        await DelayAsync(o.SteadyWindow, service, sim, ct);
        var s1 = DateTimeOffset.UtcNow;
        var h1 = await ScrapeAsync(metrics, ct);
        var svc1 = ProcessStats.CpuTime(service.Id);

        Say($"{o.Changes} metric changes, {o.ScalersPerChange} scalers each, {o.ChangeSpacing.TotalSeconds:0} s apart");
        for (var k = 0; k < o.Changes; k++)
        {
            var due = s1 + k * o.ChangeSpacing;
            if (due > DateTimeOffset.UtcNow) await DelayAsync(due - DateTimeOffset.UtcNow, service, sim, ct);
            var picked = Picked(k, o).Select(i => namespaces[i]).ToList();
            foreach (var ns in picked) load[ns].TotalMillis = (long)Math.Round(load[ns].TotalMillis * ChangeFactor);
            // Each namespace's change is timed by its own write: 500 writes take a while, and stamping them all with
            // the first one's time would charge the service for the bench's own queue.
            await ForEach(picked, async ns =>
            {
                var at = DateTimeOffset.UtcNow;
                await api.SetPodMetricsAsync(ns, load[ns].PerPod, ct);
                var visible = DateTimeOffset.UtcNow;
                lock (changes) changes.Add(new Change(ns, at, visible));
            }, ct);
        }
        var end = s1 + o.Changes * o.ChangeSpacing;
        if (end > DateTimeOffset.UtcNow) await DelayAsync(end - DateTimeOffset.UtcNow, service, sim, ct);
        var runEnd = DateTimeOffset.UtcNow;
        var (svc2, sim2) = (ProcessStats.CpuTime(service.Id), ProcessStats.CpuTime(sim.Id));
        var (servicePeak, simPeak) = (ProcessStats.PeakRssMib(service.Id), ProcessStats.PeakRssMib(sim.Id));
        var queueWait = ReconcileHistogram.Parse(await ScrapeTextAsync(metrics, ct), ReconcileHistogram.QueueWaitName)
            .Since(ReconcileHistogram.Parse(scrape0, ReconcileHistogram.QueueWaitName));
        await stopMetrics.CancelAsync();
        await stopAudit.CancelAsync();
        await Quietly(metricsServer);
        await Quietly(auditLoop);
        await audit.DrainAsync(ct);
        var loadEnd = ProcessStats.LoadAverage();
        Say("done; stopping the service and the sim");

        var steady = h1.Since(h0);
        var steadyEntries = audit.Entries.Where(e => e.At >= s0 && e.At < s1).ToList();
        var result = Figures.Compute(new Figures.Input
        {
            Options = o,
            StartedAt = startedAt,
            Machine = new MachineLoad(Environment.ProcessorCount, [loadStart.One, loadStart.Five, loadStart.Fifteen], [loadEnd.One, loadEnd.Five, loadEnd.Fifteen]),
            SetupSeconds = setupSeconds,
            SteadySeconds = (s1 - s0).TotalSeconds,
            Steady = steady,
            SteadyEntries = steadyEntries,
            AllEntries = audit.Entries,
            Changes = changes,
            ServiceCpuSteady = svc1 - svc0,
            ServiceCpuRun = svc2 - svc0,
            SimCpuRun = sim2 - sim0,
            RunSeconds = (runEnd - s0).TotalSeconds,
            ServicePeakRssMib = servicePeak,
            SimPeakRssMib = simPeak,
            ServiceMemoryLimitMib = cgroup is null ? null : cgroup.LimitBytes / (1024.0 * 1024.0),
            QueueWait = queueWait,
        });
        if (audit.Dropped > 0) console.MarkupLineInterpolated($"[yellow]the sim's audit ring dropped {audit.Dropped} records: request counts are low[/]");
        return result;
    }

    /// <summary>
    /// The scalers change k raises: every tenth from offset k (at least one), so each change takes scalers from the whole
    /// creation order and with it every phase of the sync period, not a block created (and so synced) together.
    /// </summary>
    public static IEnumerable<int> Picked(int k, BenchOptions o)
    {
        var stride = Math.Max(1, o.Scalers / o.ScalersPerChange);
        return Enumerable.Range(0, o.ScalersPerChange).Select(j => (k % stride + j * stride + k / stride) % o.Scalers).Distinct();
    }

    /// <summary>A namespace's load: the CPU its pods use in all, spread evenly over the replicas last seen.</summary>
    private sealed class Load
    {
        public long TotalMillis { get; set; }
        public int Replicas { get; set; }
        public long PerPod => Math.Max(1, (long)Math.Round((double)TotalMillis / Math.Max(1, Replicas)));
    }

    /// <summary>A metric change on one scaler's namespace.</summary>
    /// <summary>A metric change: its write to the sim started <paramref name="At"/> and was answered (so readable) by <paramref name="VisibleAt"/>.</summary>
    public sealed record Change(string Namespace, DateTimeOffset At, DateTimeOffset VisibleAt);

    /// <summary>
    /// What metrics-server does for the pods: each resolution (the sim's 15 s window) every namespace's sample is set
    /// again, stamped now. A sample set once would keep its first timestamp, and HPA's rule (a CPU sample taken before
    /// the pod's Ready time plus the window is not used, for the first 5 minutes of a pod) would then ignore the pods
    /// of a freshly started Deployment and warn at every sync. After a change's scale write the namespace's total is
    /// spread over the Deployment's new replicas (the same CPU on more pods, as a Service balances it), or the new pods
    /// would report the raised per-pod figure too and scale again without end.
    /// </summary>
    private static async Task MetricsServerAsync(SimApi api, AuditCollector audit, List<Change> changes, Dictionary<string, Load> load, CancellationToken ct)
    {
        var resolution = MetricsResolution;
        while (!ct.IsCancellationRequested)
        {
            var pass = Task.Delay(resolution, ct);
            // Replicas move for a while after a change's scale write (the new pods start); read them for a minute after it.
            var now = DateTimeOffset.UtcNow;
            HashSet<string> rescaled;
            lock (changes)
                rescaled = [.. changes.Where(c => audit.FirstScaleWrite(c.Namespace, c.At) is { } w && now - w < TimeSpan.FromMinutes(1)).Select(c => c.Namespace)];
            await ForEach(load.Keys, async ns =>
            {
                var l = load[ns];
                if (rescaled.Contains(ns))
                {
                    var d = await api.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{Workloads.Name}", ct);
                    l.Replicas = (int?)d["spec"]?["replicas"] ?? l.Replicas;
                }
                await api.SetPodMetricsAsync(ns, l.PerPod, ct);
            }, ct);
            await pass;
        }
    }

    private static async Task CreateNodeAsync(SimApi api, JsonObject node, CancellationToken ct)
    {
        await api.CreateAsync("/api/v1/nodes", node, ct);
        // As a kubelet does: the status goes through its subresource (a create keeps none).
        var created = await api.GetAsync($"/api/v1/nodes/{(string)node["metadata"]!["name"]!}", ct);
        created["status"] = node["status"]!.DeepClone();
        await api.PutAsync($"/api/v1/nodes/{(string)node["metadata"]!["name"]!}/status", created, ct);
    }

    private static async Task WaitForReadyAsync(SimApi api, ChildProcess sim, BenchOptions o, Action<string> say, CancellationToken ct)
    {
        int want = o.Scalers * o.PodsPerScaler, last = -1;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(want * 20.0);
        while (true)
        {
            sim.EnsureRunning();
            var list = await api.GetAsync("/apis/apps/v1/deployments?labelSelector=app%3D" + Workloads.Name, ct);
            int ready = list["items"]!.AsArray().Where(d => (string?)d!["metadata"]!["name"] == Workloads.Name).Sum(d => (int?)d!["status"]?["readyReplicas"] ?? 0);
            if (ready >= want) return;
            if (ready != last) say($"{ready} of {want} pods Ready");
            last = ready;
            if (DateTimeOffset.UtcNow > deadline) throw new BenchFailedException($"only {ready} of {want} pods Ready by {deadline:HH:mm:ss}");
            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
    }

    private static async Task<ReconcileHistogram> ScrapeAsync(HttpClient metrics, CancellationToken ct) =>
        ReconcileHistogram.Parse(await ScrapeTextAsync(metrics, ct));

    /// <summary>The service's /metrics; a failed scrape fails the run (a service that cannot answer is not measured).</summary>
    private static async Task<string> ScrapeTextAsync(HttpClient metrics, CancellationToken ct)
    {
        try
        {
            return await metrics.GetStringAsync("/metrics", ct);
        }
        catch (HttpRequestException e)
        {
            throw new BenchFailedException($"the service's /metrics: {e.Message}");
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, ChildProcess process, string what, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            process.EnsureRunning();
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTimeOffset.UtcNow > deadline) throw new BenchFailedException($"{what}: not reached within {within.TotalSeconds:0} s; {process.Name}'s last lines:\n{process.Tail()}");
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>Waits, checking every second that neither process died (a dead process would measure nothing).</summary>
    private static async Task DelayAsync(TimeSpan span, ChildProcess service, ChildProcess sim, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + span;
        while (DateTimeOffset.UtcNow < until)
        {
            service.EnsureRunning();
            sim.EnsureRunning();
            var left = until - DateTimeOffset.UtcNow;
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : TimeSpan.FromSeconds(1), ct);
        }
    }

    private static Task ForEach<T>(IEnumerable<T> items, Func<T, Task> body, CancellationToken ct) =>
        System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (item, _) => await body(item));

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Go(TimeSpan t) => $"{(long)t.TotalMilliseconds}ms";

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
