using System.Globalization;
using ElasticScaler.Demo.Cluster;
using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Load;
using ElasticScaler.Demo.Processes;
using ElasticScaler.Demo.Reports;
using ElasticScaler.Demo.Summary;
using ElasticScaler.Demo.View;
using ElasticScaler.Demo.Watch;
using ElasticScaler.LoadTest;
using Spectre.Console;

namespace ElasticScaler.Demo;

/// <summary>
/// One run, start to teardown: the sim and the service as child processes, deploy/ and the sample applied, the
/// cluster at rest, the ramp with the live view and the page, the scale-in, the summary and the reports; then every
/// process and the temp folder gone, whether the run ended, failed or was stopped.
/// </summary>
public sealed class DemoRun(DemoOptions options, TextWriter output)
{
    private const string Namespace = "wordpress";
    private const string Name = "wordpress";

    /// <summary>The pods the seed's two ECS nodes hold (11 each): the floor the ramp must pass.</summary>
    private const int SeedEcsCapacity = 22;

    private readonly CultureInfo _c = CultureInfo.InvariantCulture;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var temp = Directory.CreateTempSubdirectory("elasticscaler-demo-").FullName;
        var report = Path.GetFullPath(options.ReportFolder);
        PrepareReportFolder(report);
        var adminKubeconfig = Path.Combine(temp, "kubeconfig");
        // First, so a person can open a second terminal while the rest starts.
        output.WriteLine($"export KUBECONFIG={adminKubeconfig}");
        output.WriteLine($"  then: kubectl get es,deploy,pods -o wide -n {Namespace} | kubectl describe es -n {Namespace} | kubectl top pods -n {Namespace} | kubectl get events -w -n {Namespace}");
        output.Flush();

        var timeline = new DemoTimeline("ElasticScaler: the seed's walkthrough, live");
        DashboardServer? page = null;
        var failures = new List<string>();
        var pids = new List<int>();
        Recorder? recorder = null;
        PodWatch? podWatch = null;
        double? scaleInStart = null;
        DemoSummary? summary = null;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var background = new List<Task>();
        await using var reaper = Reaper.Start(temp);
        pids.Add(reaper.Pid);
        ChildProcess? sim = null, service = null;
        try
        {
            sim = ChildProcess.Start("sim", ChildPrograms.Sim, ["serve", "--preset", "seed", "--dir", temp], Path.Combine(report, "sim.log"));
            reaper.Watch(sim);
            pids.Add(sim.Pid);
            Say($"sim: pid {sim.Pid} (sim serve --preset seed --dir {temp})");
            var appLine = await sim.WaitForLineAsync("app: ", TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
            var appUrl = new Uri(appLine["app: ".Length..].Split(' ')[0]);
            Say($"demo app: {appUrl}");

            using var api = new ApiClient(adminKubeconfig);
            var installer = new Installer(api, ChildPrograms.DeployFolder, Say);
            await installer.InstallBaseAsync(ct).ConfigureAwait(false);
            await installer.InstallSampleAsync(options.TimeScale, ct).ConfigureAwait(false);

            // The service's first syncs should find what metrics-server would serve: the sim publishes pod usage every 15 s.
            await WaitForPodMetricsAsync(api, ct).ConfigureAwait(false);
            var decisions = Path.Combine(report, "decisions");
            service = ChildProcess.Start("service", ChildPrograms.Service,
                ["run", "--kubeconfig", Path.Combine(temp, "scaler.kubeconfig"), "--sync-period", $"{options.SyncPeriod.TotalSeconds.ToString(_c)}s",
                 "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--dump-dir", decisions],
                Path.Combine(report, "service.log"));
            reaper.Watch(service);
            pids.Add(service.Pid);
            Say($"service: pid {service.Pid} (elasticscaler run --kubeconfig scaler.kubeconfig --sync-period {options.SyncPeriod.TotalSeconds.ToString(_c)}s --dump-dir {decisions})");

            page = await DashboardServer.StartAsync(timeline, options.Port, ct).ConfigureAwait(false);
            Say($"web page: {page.Url}");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var costMeter = new CostMeter(http, appUrl);
            var load = new RampLoad(options, appUrl, adminKubeconfig, Path.Combine(report, "load"));
            Recorder? clockOwner = null;
            double Clock() => clockOwner?.Now ?? 0;
            podWatch = new PodWatch(api.Typed, Namespace, Clock);
            recorder = clockOwner = new Recorder(timeline, podWatch, c => ScalerStatus.ReadAsync(api, Namespace, Name, c), costMeter.ReadAsync,
                load.StepUsers.Count, options.StepDuration);
            var events = new ScalerEvents(api.Typed, Namespace, Clock, recorder.Add);
            background.Add(podWatch.RunAsync(watching.Token));
            background.Add(events.RunAsync(watching.Token));
            background.Add(recorder.RunAsync(watching.Token));

            await WaitAtRestAsync(recorder, service, ct).ConfigureAwait(false);
            Say($"at rest: {SeedEcsCapacity} Ready on ECS; the ramp: {string.Join(", ", load.StepUsers)} users, {options.StepDuration.TotalSeconds.ToString("0.#", _c)} s a step (time scale {options.TimeScale.ToString("0.##", _c)}), {options.ThinkTime.TotalMilliseconds.ToString(_c)} ms of thinking between pages");

            recorder.LoadStarted(load);
            using var viewStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            IDemoView view = options.Live ? new LiveView(AnsiConsole.Console, load.StepUsers.Count) : new PlainView(output, load.StepUsers.Count);
            var viewing = view.RunAsync(() => recorder.Latest, () => recorder.Events, viewStop.Token);
            LoadRunResult result;
            try
            {
                result = await load.RunAsync(ct).ConfigureAwait(false);
                recorder.LoadEnded();
                scaleInStart = recorder.Now;
                if (!ct.IsCancellationRequested)
                    await WaitForScaleInAsync(podWatch, recorder, ct).ConfigureAwait(false);
            }
            finally
            {
                await viewStop.CancelAsync().ConfigureAwait(false);
                await viewing.ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();

            var stats = result.Find(RampLoad.ScenarioName);
            if (result.Error is { } error)
                failures.Add($"load: {error}");
            foreach (var t in result.Thresholds.Where(t => !t.Passed))
                failures.Add($"load threshold failed: {t.Threshold} (actual {t.Actual})");
            var seconds = recorder.Seconds;
            var deletions = Placed(podWatch.Deletions, recorder);
            summary = DemoSummary.Compute(seconds, deletions, recorder.T(scaleInStart.Value), SeedEcsCapacity,
                stats?.SuccessRate ?? 0, stats?.Latency.P95 ?? 0, stats?.Latency.P99 ?? 0);
            if (summary.PeakReplicas <= SeedEcsCapacity)
                failures.Add($"replicas never rose past the ECS capacity ({summary.PeakReplicas} ≤ {SeedEcsCapacity})");
            if (summary.PeakEci == 0)
                failures.Add("no ECI pod appeared");
            if (summary.ScaleIn.EciReleased == 0)
                failures.Add("scale-in was not observed: no ECI pod was released");
            if (!summary.ScaleIn.EciFirst)
                failures.Add("scale-in released an ECS pod before the ECI pods");
            var rows = SummaryRows.Of(summary, report);
            timeline.Finish(rows);
            PrintSummary(rows, failures);
            DemoChart.Write(Path.Combine(report, "demo.png"), seconds, recorder.Events);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            failures.Add("stopped before the end (Ctrl-C or SIGTERM)");
            Say("stopping: tearing everything down");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException or IOException or InvalidDataException)
        {
            failures.Add(e.Message);
            output.WriteLine($"error: {e.Message}");
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            if (recorder is not null)
            {
                new DemoRecord(options, recorder.Seconds, recorder.Events, podWatch is null ? [] : Placed(podWatch.Deletions, recorder),
                    scaleInStart is { } s ? recorder.T(s) : null, summary, pids, failures.Count == 0, failures).Write(report);
            }
            // One step, as the seed's one-click release: the service, then the cluster, then the temp folder.
            if (service is not null)
                await service.DisposeAsync().ConfigureAwait(false);
            if (sim is not null)
                await sim.DisposeAsync().ConfigureAwait(false);
            TryDelete(temp);
            Say($"torn down: service and sim stopped, {temp} deleted");
        }

        if (page is not null)
        {
            if (options.KeepServing && !ct.IsCancellationRequested)
            {
                Say($"the page keeps the final state at {page.Url}; Ctrl-C to exit");
                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            await page.DisposeAsync().ConfigureAwait(false);
        }
        return failures.Count == 0 ? DemoCommand.Succeeded : DemoCommand.Failed;
    }

    private async Task WaitAtRestAsync(Recorder recorder, ChildProcess service, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (service.HasExited)
                throw new InvalidOperationException($"the service exited early; see {Path.Combine(options.ReportFolder, "service.log")}:\n{string.Join("\n", service.Lines.TakeLast(15))}");
            if (recorder.Latest is { EcsReady: SeedEcsCapacity, EciReady: 0, Starting: 0, Pending: 0, Desired: SeedEcsCapacity } && recorder.Scaler.HasMetrics)
                return;
            await Task.Delay(250, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"the cluster did not come to rest ({SeedEcsCapacity} Ready on ECS, the scaler's desired {SeedEcsCapacity}) within 120 s; last: {recorder.Latest}");
    }

    /// <summary>
    /// Waits until metrics.k8s.io has a usage sample for each WordPress pod taken a whole window after the pod turned
    /// Ready: HPA (and so the service) ignores earlier samples of a starting pod (its CPU initialization rule), and a
    /// scaler that reads none falls back (the sample's fallback.replicas) before the load even starts.
    /// </summary>
    private async Task WaitForPodMetricsAsync(ApiClient api, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var pods = await api.GetAsync($"/api/v1/namespaces/{Namespace}/pods", ct).ConfigureAwait(false);
            var metrics = await api.GetAsync($"/apis/metrics.k8s.io/v1beta1/namespaces/{Namespace}/pods", ct).ConfigureAwait(false);
            if (pods is not null && metrics is not null && PodMetricsWait.Usable(pods, metrics, SeedEcsCapacity))
            {
                Say($"metrics.k8s.io serves the {SeedEcsCapacity} pods' usage, sampled after they turned Ready");
                return;
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"metrics.k8s.io served no usable usage for the {SeedEcsCapacity} WordPress pods within 90 s");
    }

    /// <summary>
    /// After the load: the scaler waits its (scaled) scale-down window, then releases the twin's ECI pods first. Bounded
    /// by that window plus a minute and ten sync periods.
    /// </summary>
    private async Task WaitForScaleInAsync(PodWatch pods, Recorder recorder, CancellationToken ct)
    {
        var window = TimeSpan.FromSeconds(Math.Ceiling(300 / options.TimeScale));
        var limit = window + TimeSpan.FromMinutes(1) + (options.SyncPeriod * 10);
        // The live view owns the terminal while it runs (its phase shows the scale-in); plain output gets the line.
        if (!options.Live)
            Say($"load ended: scale-in after the {window.TotalSeconds.ToString(_c)} s scale-down window (waiting up to {limit.TotalSeconds.ToString("0", _c)} s for the ECI pods to go)");
        var from = recorder.Now;
        var deadline = DateTimeOffset.UtcNow + limit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var counts = pods.Counts;
            var released = pods.Deletions.Any(d => d.T >= from && d.Pool == Pool.Eci);
            if (released && counts.EciReady == 0 && counts.Terminating == 0 && counts.Starting == 0)
                return;
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
    }

    private static List<PodDeletion> Placed(IReadOnlyList<PodDeletion> deletions, Recorder recorder) =>
        [.. deletions.Select(d => d with { T = Math.Round(recorder.T(d.T), 1) })];

    private void PrintSummary(IReadOnlyList<DemoSummaryRow> rows, IReadOnlyList<string> failures)
    {
        if (options.Live)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]summary[/]").AddColumn("").AddColumn("");
            foreach (var r in rows)
                table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Value));
            AnsiConsole.Write(table);
        }
        else
        {
            var width = rows.Max(r => r.Name.Length);
            output.WriteLine("summary:");
            foreach (var r in rows)
                output.WriteLine($"  {r.Name.PadRight(width)}  {r.Value}");
        }
        foreach (var f in failures)
            output.WriteLine($"FAILED: {f}");
        output.WriteLine(failures.Count == 0 ? "PASSED" : "the run FAILED");
        output.Flush();
    }

    private void Say(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    /// <summary>Empties what a previous run left in the report folder (only the demo's own files and folders).</summary>
    private static void PrepareReportFolder(string report)
    {
        Directory.CreateDirectory(report);
        foreach (var dir in new[] { "load", "decisions" })
            TryDelete(Path.Combine(report, dir));
        foreach (var file in new[] { DemoRecord.FileName, "demo.png", "sim.log", "service.log" })
            File.Delete(Path.Combine(report, file));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
