using ElasticScaler.LoadTest.Engine;
using ElasticScaler.LoadTest.Metrics;
using ElasticScaler.LoadTest.Reports;

namespace ElasticScaler.LoadTest;

/// <summary>
/// Runs registered scenarios side by side and returns their statistics with an exit code, as NBomber's
/// <c>NBomberRunner</c> but with the release gate built in (<see cref="LoadRunResult.ExitCode"/>).
/// </summary>
/// <example><code>
/// var result = await LoadRunner.RegisterScenarios(scenario).WithReportFolder("reports").RunAsync();
/// return result.ExitCode;
/// </code></example>
public sealed class LoadRunner
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IReadOnlyList<ScenarioProps> _scenarios;
    private string _testName = "load_test";
    private string? _reportFolder;
    private TimeProvider _time = TimeProvider.System;
    private IProgressSink _progress = NoProgress.Instance;
    private IReplicaSource? _replicas;
    private (string Host, int Port)? _metrics;
    private IIntervalSink? _intervals;

    private LoadRunner(IReadOnlyList<ScenarioProps> scenarios) => _scenarios = scenarios;

    /// <summary>Starts a runner for <paramref name="scenarios"/>; they run at the same time.</summary>
    public static LoadRunner RegisterScenarios(params ScenarioProps[] scenarios) => new(scenarios);

    /// <summary>Names the test in reports. Default "load_test".</summary>
    public LoadRunner WithTestName(string name)
    {
        _testName = name;
        return this;
    }

    /// <summary>Writes HTML, Markdown, CSV, JSON and JUnit reports into <paramref name="folder"/> (created if missing).</summary>
    public LoadRunner WithReportFolder(string folder)
    {
        _reportFolder = folder;
        return this;
    }

    /// <summary>Writes no report files (the default).</summary>
    public LoadRunner WithoutReports()
    {
        _reportFolder = null;
        return this;
    }

    /// <summary>The clock for all measurements and schedules. Default <see cref="TimeProvider.System"/>.</summary>
    public LoadRunner WithTimeProvider(TimeProvider time)
    {
        _time = time;
        return this;
    }

    /// <summary>Receives live progress once a second.</summary>
    public LoadRunner WithProgress(IProgressSink progress)
    {
        _progress = progress;
        return this;
    }

    /// <summary>Samples a workload's replicas (ECS and ECI) every second onto the run's time axis.</summary>
    public LoadRunner WithReplicaSampling(IReplicaSource source)
    {
        _replicas = source;
        return this;
    }

    /// <summary>Serves Prometheus metrics of the running test at http://HOST:PORT/metrics.</summary>
    public LoadRunner WithPrometheusMetrics(int port, string host = "127.0.0.1")
    {
        _metrics = (host, port);
        return this;
    }

    /// <summary>Hands every 1 s sample to <paramref name="sink"/> (an agent streaming to its coordinator).</summary>
    internal LoadRunner WithIntervalSink(IIntervalSink sink)
    {
        _intervals = sink;
        return this;
    }

    /// <summary>Runs synchronously; see <see cref="RunAsync"/>.</summary>
    public LoadRunResult Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Runs every scenario and returns the result; never throws for bad configuration (exit code 2 instead).</summary>
    public async Task<LoadRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = _time.GetUtcNow();
        List<ScenarioRunner> runners;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var hard = new CancellationTokenSource();
        string? abortReason = null;
        void StopTest(string reason)
        {
            Interlocked.CompareExchange(ref abortReason, reason, null);
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run already ended.
            }
        }

        try
        {
            runners = BuildRunners(StopTest);
        }
        catch (LoadConfigException ex)
        {
            return LoadRunResult.Failed(ExitCodes.BadConfig, _testName, started, ex.Message);
        }

        var inited = new List<ScenarioRunner>();
        try
        {
            foreach (var runner in runners)
            {
                await runner.InitAsync(hard.Token).ConfigureAwait(false);
                inited.Add(runner);
            }
        }
        catch (Exception ex)
        {
            await CleanAsync(inited).ConfigureAwait(false);
            return LoadRunResult.Failed(ExitCodes.BadConfig, _testName, started,
                $"scenario '{runners[inited.Count].Props.ScenarioName}' init failed: {ex.Message}; fix: make WithInit succeed (check its data and clients)");
        }

        var replicaLog = _replicas is null ? null : new ReplicaLog();
        var sampler = new RunSampler(runners, _time, replicaLog, _intervals);
        PrometheusExporter? exporter = null;
        if (_metrics is { } m)
        {
            try
            {
                exporter = PrometheusExporter.Start(m.Host, m.Port);
            }
            catch (Exception ex)
            {
                await CleanAsync(inited).ConfigureAwait(false);
                return LoadRunResult.Failed(ExitCodes.BadConfig, _testName, started,
                    $"--metrics-port {m.Port}: cannot listen on {m.Host}:{m.Port}: {ex.Message}; fix: choose a free port");
            }
        }

        var replicaTask = _replicas is null ? Task.CompletedTask : SampleReplicasAsync(_replicas, replicaLog!, hard.Token);
        long firstMeasureStart = 0;
        var runs = runners.Select(r => r.RunAsync(() =>
        {
            Interlocked.CompareExchange(ref firstMeasureStart, r.MeasureStart, 0);
            sampler.MarkStart(r);
        }, stop.Token, hard.Token)).ToList();
        var all = Task.WhenAll(runs);
        var polling = PollInFlightAsync(sampler, all);
        using (var timer = new PeriodicTimer(SampleInterval, _time))
        {
            while (!all.IsCompleted)
            {
                var tick = timer.WaitForNextTickAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(tick, all).ConfigureAwait(false);
                if (all.IsCompleted)
                {
                    break;
                }

                var ticks = sampler.Sample(final: false);
                exporter?.Update(ticks, runners.Select(sampler.Stats).ToList());
                _progress.OnTick(ticks);
                CheckAbortThresholds(runners, sampler, StopTest);
            }
        }

        await all.ConfigureAwait(false);
        await polling.ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            // A run cut short by its caller (Ctrl+C) has not shown the release is good: it must not pass the gate.
            StopTest("cancelled before the planned end");
        }

        var finalTicks = sampler.Sample(final: true);
        await hard.CancelAsync().ConfigureAwait(false);
        await replicaTask.ConfigureAwait(false);
        await CleanAsync(runners).ConfigureAwait(false);

        var stats = runners.Select(sampler.Stats).ToList();
        exporter?.Update(finalTicks, stats);
        var thresholds = runners.Zip(stats).SelectMany(p => p.First.Props.Thresholds.Select(t => t.Evaluate(p.Second))).ToList();
        var origin = firstMeasureStart != 0 ? firstMeasureStart : _time.GetTimestamp();
        var result = new LoadRunResult
        {
            ExitCode = abortReason is not null || thresholds.Any(t => !t.Passed) ? ExitCodes.ThresholdFailed : ExitCodes.Passed,
            TestName = _testName,
            StartedUtc = started,
            ScenarioStats = stats,
            TimeSeries = runners.ToDictionary(r => r.Props.ScenarioName, sampler.Points),
            LoadSimulations = runners.ToDictionary(r => r.Props.ScenarioName, r => (IReadOnlyList<string>)r.Props.LoadSimulations.Select(s => s.Describe()).ToList()),
            Thresholds = thresholds,
            Replicas = replicaLog?.Points(origin, _time) ?? [],
            ReplicaTarget = _replicas?.Describe,
            ReplicaError = replicaLog is { LastError: { } err } ? $"{replicaLog.Failures} sample(s) failed; last: {err}" : null,
            AbortReason = abortReason,
        };
        exporter?.Dispose();
        _progress.OnFinished(result);
        if (_reportFolder is not null)
        {
            result = result with { ReportFiles = ReportWriter.Write(result, _reportFolder) };
        }

        return result;
    }

    private List<ScenarioRunner> BuildRunners(Action<string> stopTest)
    {
        var duplicate = _scenarios.GroupBy(s => s.ScenarioName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new LoadConfigException($"scenario '{duplicate.Key}' is registered twice; fix: give each scenario its own name");
        }

        if (_scenarios.Count == 0)
        {
            throw new LoadConfigException("no scenarios registered; fix: LoadRunner.RegisterScenarios(Scenario.Create(...))");
        }

        return _scenarios.Select(s =>
        {
            var plan = s.LoadSimulations.Count == 0 ? new LoadPlan(LoadModel.Closed, [], null) : LoadPlan.Build(s.LoadSimulations);
            if (s.WarmUpDuration < TimeSpan.Zero)
            {
                throw new LoadConfigException($"scenario '{s.ScenarioName}' warm-up: must not be negative; fix: e.g. 5s or 0");
            }

            return new ScenarioRunner(s, plan, _time, stopTest);
        }).ToList();
    }

    private static void CheckAbortThresholds(List<ScenarioRunner> runners, RunSampler sampler, Action<string> stopTest)
    {
        foreach (var runner in runners)
        {
            if (runner.Phase != ScenarioPhase.Bombing)
            {
                continue;
            }

            foreach (var threshold in runner.Props.Thresholds.Where(t => t.AbortOnFail && runner.Measured >= t.StartCheckAfter))
            {
                var verdict = threshold.Evaluate(sampler.Stats(runner));
                if (!verdict.Passed)
                {
                    stopTest($"threshold '{threshold.Name}' failed at {runner.Measured.TotalSeconds:0.#} s (actual {verdict.Actual}) and aborts on fail");
                    return;
                }
            }
        }
    }

    /// <summary>Polls requests in flight ten times a second until the run ends (see <see cref="RunSampler.Poll"/>).</summary>
    private async Task PollInFlightAsync(RunSampler sampler, Task run)
    {
        using var timer = new PeriodicTimer(PollInterval, _time);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(timer.WaitForNextTickAsync(CancellationToken.None).AsTask(), run).ConfigureAwait(false);
            sampler.Poll();
        }
    }

    private async Task SampleReplicasAsync(IReplicaSource source, ReplicaLog log, CancellationToken token)
    {
        using var timer = new PeriodicTimer(SampleInterval, _time);
        try
        {
            do
            {
                try
                {
                    var sample = await source.SampleAsync(token).WaitAsync(TimeSpan.FromSeconds(5), _time, token).ConfigureAwait(false);
                    log.Add(_time.GetTimestamp(), sample);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    log.Fail(ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private static async Task CleanAsync(IEnumerable<ScenarioRunner> runners)
    {
        foreach (var runner in runners)
        {
            try
            {
                await runner.CleanAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A failing clean must not hide the run's result; the scenario owns its clean-up errors.
            }
        }
    }
}
