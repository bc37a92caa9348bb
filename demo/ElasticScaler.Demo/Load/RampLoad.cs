using ElasticScaler.LoadTest;
using ElasticScaler.LoadTest.Config;
using ElasticScaler.LoadTest.Http;
using ElasticScaler.LoadTest.Kube;

namespace ElasticScaler.Demo.Load;

/// <summary>
/// The seed's PTS load test through the load harness, in process against the demo app: pts-ramp to
/// <see cref="DemoOptions.MaxUsers"/> (+10 % a step) under the time scale, users thinking between pages, the
/// harness's thresholds and its reports (HTML with the Deployment's ECS/ECI replicas beside latency).
/// </summary>
public sealed class RampLoad(DemoOptions options, Uri appUrl, string adminKubeconfig, string reportFolder)
{
    public const string ScenarioName = "wordpress";

    private readonly LatestTick _latest = new();

    /// <summary>The last second the harness measured (null before the first).</summary>
    public ProgressTick? Latest => _latest.Tick;

    /// <summary>The ramp's steps: users at each, in order.</summary>
    public IReadOnlyList<int> StepUsers => [.. Stages().Cast<KeepConstant>().Select(k => (int)k.Copies)];

    public TimeSpan Duration => options.StepDuration * Stages().Count;

    public async Task<LoadRunResult> RunAsync(CancellationToken ct)
    {
        var scenario = HttpScenario.Create(ScenarioName, [new RequestSpec { Name = "home", Url = appUrl, Timeout = options.RequestTimeout }],
                HttpClientKind.Lean, maxConnections: options.MaxUsers)
            .WithLoadSimulations([.. Stages()])
            .WithThinkTime(options.ThinkTime)
            .WithThresholds(
                Threshold.Parse(FormattableString.Invariant($"success_rate >= {options.MinSuccessRate * 100:0.##}%")),
                Threshold.Parse(FormattableString.Invariant($"p95 < {options.MaxP95.TotalMilliseconds:0}ms")));
        using var replicas = new KubernetesReplicaSource(adminKubeconfig, "wordpress", ReplicaTargetKind.Deployment, "wordpress");
        return await LoadRunner.RegisterScenarios(scenario)
            .WithTestName("seed-walkthrough")
            .WithReportFolder(reportFolder)
            .WithProgress(_latest)
            .WithReplicaSampling(replicas)
            .RunAsync(ct).ConfigureAwait(false);
    }

    private IReadOnlyList<LoadSimulation> Stages() => Profiles.PtsRampStages(options.MaxUsers, timeScale: options.TimeScale);

    private sealed class LatestTick : IProgressSink
    {
        private volatile ProgressTick? _tick;

        public ProgressTick? Tick => _tick;

        public void OnTick(IReadOnlyList<ProgressTick> ticks)
        {
            if (ticks.FirstOrDefault(t => t.Scenario == ScenarioName) is { Point: not null } tick)
                _tick = tick;
        }

        public void OnFinished(LoadRunResult result)
        {
        }
    }
}
