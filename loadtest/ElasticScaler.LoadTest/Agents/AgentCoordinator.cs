using System.Globalization;
using ElasticScaler.LoadTest.Engine;
using ElasticScaler.LoadTest.Reports;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>How the coordinator runs its agents: when they start, how long it waits, whether a partial result may pass.</summary>
internal sealed record CoordinatorOptions(TimeSpan StartDelay, bool AllowPartial, string? ReportFolder, bool Quiet)
{
    /// <summary>After the planned end, how long agents have to send their totals before they count as lagging.</summary>
    public static readonly TimeSpan EndGrace = AgentTracker.Interval * AgentTracker.MaxLagIntervals + TimeSpan.FromSeconds(5);
}

/// <summary>
/// The coordinator: publishes one start instant, hands every agent its assignment, follows their streams, judges their
/// health once a second, then merges exactly (<see cref="AgentMerge"/>), applies the thresholds to the merged result
/// and writes the usual reports with one row per agent. A run with any agent that died, never started or lagged is
/// partial: said in the report and on stderr, its verdict covers only the agents that ran, and it fails (exit 1)
/// unless <see cref="CoordinatorOptions.AllowPartial"/>.
/// </summary>
internal static class AgentCoordinator
{
    public static async Task<LoadRunResult> RunAsync(ScenarioProps scenario, IReadOnlyList<string> agentArgs, AgentScenarioFile? scenarioFile,
        IAgentFleet fleet, CoordinatorOptions options, TimeProvider time, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var startAt = started + options.StartDelay;
        var of = fleet.Addresses.Count;
        var tracker = new AgentTracker(fleet.Addresses, startAt);
        var plan = LoadPlan.Build(scenario.LoadSimulations);
        DateTimeOffset? deadline = plan.Duration == TimeSpan.MaxValue ? null : startAt + scenario.WarmUpDuration + plan.Duration + CoordinatorOptions.EndGrace;
        if (!options.Quiet)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"agents: {of}, starting together at {startAt:HH:mm:ss.fff} UTC ({options.StartDelay.TotalSeconds:0.#} s from now)")).ConfigureAwait(false);
        }

        using var stop = new CancellationTokenSource();
        var streams = fleet.RunAsync(i => new AgentAssignment(i, of, agentArgs, startAt, scenarioFile), tracker, time, stop.Token);
        string? abortReason = null;
        using (var timer = new PeriodicTimer(AgentTracker.Interval, time))
        {
            while (!tracker.AllSettled)
            {
                try
                {
                    await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // A run cut short (Ctrl-C) has not shown the release is good: it must not pass the gate.
                    abortReason = "cancelled before the planned end";
                    break;
                }

                var now = time.GetUtcNow();
                var final = deadline is { } d && now > d;
                tracker.Judge(now, final);
                if (!options.Quiet)
                {
                    await stdout.WriteLineAsync(Progress(tracker.Snapshot())).ConfigureAwait(false);
                }

                if (final)
                {
                    break;
                }
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await streams.WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Every agent is settled already (the tracker ignores anything later); a link slow to close must not hang the gate.
            await stderr.WriteLineAsync("warning: the agents' connections did not close within 10 s after the run; the result is complete without them").ConfigureAwait(false);
        }
        var agents = tracker.Snapshot();
        var (stats, series, rows) = AgentMerge.Merge(scenario.ScenarioName, agents);
        var problems = rows.Where(r => r.IsProblem).ToList();
        string? coverage = null;
        if (problems.Count > 0)
        {
            var ran = rows.Where(r => !r.IsProblem).Select(r => r.Index.ToString(CultureInfo.InvariantCulture)).ToList();
            coverage = $"covers only agents {(ran.Count == 0 ? "none" : string.Join(", ", ran))} of {of}";
            foreach (var p in problems)
            {
                await stderr.WriteLineAsync($"error: agent {p.Index} ({p.Address}): {p.Problem ?? p.Status}").ConfigureAwait(false);
            }

            await stderr.WriteLineAsync($"error: partial result: the threshold verdict {coverage}" +
                (options.AllowPartial ? " (--allow-partial: the thresholds decide the exit code)" : "; the run fails (pass --allow-partial to let the thresholds decide)"))
                .ConfigureAwait(false);
        }

        var thresholds = scenario.Thresholds.Select(t => t.Evaluate(stats))
            .Select(t => coverage is null ? t : t with { Message = $"{t.Message} ({coverage})", Covers = coverage })
            .ToList();
        var failed = abortReason is not null || thresholds.Any(t => !t.Passed) || (problems.Count > 0 && !options.AllowPartial);
        var result = new LoadRunResult
        {
            ExitCode = failed ? ExitCodes.ThresholdFailed : ExitCodes.Passed,
            TestName = scenario.ScenarioName,
            StartedUtc = started,
            ScenarioStats = [stats],
            TimeSeries = new Dictionary<string, IReadOnlyList<TimeSeriesPoint>> { [scenario.ScenarioName] = series },
            LoadSimulations = new Dictionary<string, IReadOnlyList<string>>
            {
                [scenario.ScenarioName] = scenario.LoadSimulations.Select(s => s.Describe()).ToList(),
            },
            Thresholds = thresholds,
            AbortReason = abortReason,
            Agents = rows,
            AgentCoverage = coverage,
        };
        if (options.ReportFolder is { } folder)
        {
            result = result with { ReportFiles = ReportWriter.Write(result, folder) };
        }

        return result;
    }

    private static string Progress(IReadOnlyList<AgentSnapshot> agents)
    {
        var requests = agents.Sum(a => a.Intervals.Sum(i => i.Point.Requests));
        var last = agents.Sum(a => a.Intervals.Count == 0 ? 0 : a.Intervals[^1].Point.Rps);
        var states = agents.GroupBy(a => AgentStatusText.Of(a.Status)).Select(g => $"{g.Count()} {g.Key}");
        return string.Create(CultureInfo.InvariantCulture, $"agents: {string.Join(", ", states)}; {requests} requests, {last:0} rps");
    }
}
