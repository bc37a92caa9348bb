using System.Threading.Channels;
using ElasticScaler.LoadTest.Cli;
using ElasticScaler.LoadTest.Engine;
using ElasticScaler.LoadTest.Http;
using HdrHistogram;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// One agent's run: builds the scenario from the assignment's options, takes this agent's share of the load
/// (<see cref="LoadSplit"/>), waits for the common start instant, runs, and hands every message of the protocol to
/// <c>send</c> in order: ready, heartbeats, one interval per measured second, then done (or error).
/// Thresholds are the coordinator's business: they hold for the merged result, not for a share.
/// </summary>
public static class AgentRun
{
    /// <summary>Runs <paramref name="assignment"/>; returns the run's exit code (2 bad options, 3 unreachable).</summary>
    public static async Task<int> RunAsync(AgentAssignment assignment, Func<AgentMessage, CancellationToken, Task> send, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var index = assignment.Index;
        string? scenarioDir = null;
        try
        {
            RunSettings settings;
            try
            {
                var args = assignment.Args.ToList();
                if (assignment.ScenarioFile is { } file)
                {
                    scenarioDir = Directory.CreateTempSubdirectory("loadtest-agent-").FullName;
                    var path = Path.Combine(scenarioDir, Path.GetFileName(file.Name));
                    await File.WriteAllTextAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
                    args.AddRange(["--scenario", path]);
                }

                settings = LoadTestCommand.ParseRunSettings(args);
                var share = LoadSplit.Share(settings.Scenario.LoadSimulations, index, assignment.Of);
                settings = settings with
                {
                    Scenario = settings.Scenario
                        .WithLoadSimulations([.. share])
                        .WithMaxInFlight(Math.Max(1, LoadSplit.Share(settings.Scenario.MaxInFlight, index, assignment.Of)))
                        .WithThresholds(),
                };
            }
            catch (LoadConfigException ex)
            {
                await send(Error(index, ex.Message), cancellationToken).ConfigureAwait(false);
                return ExitCodes.BadConfig;
            }

            if (await Reachability.CheckAsync(settings.Targets, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false) is { } unreachable)
            {
                await send(Error(index, unreachable), cancellationToken).ConfigureAwait(false);
                return ExitCodes.Unreachable;
            }

            await send(new AgentMessage { Type = AgentMessageTypes.Ready, Index = index, Host = Environment.MachineName }, cancellationToken).ConfigureAwait(false);
            var wait = assignment.StartAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            var stream = new StreamingSink(index);
            var pump = PumpAsync(stream.Reader, send, cancellationToken);
            var result = await LoadRunner.RegisterScenarios(settings.Scenario).WithTestName(settings.Scenario.ScenarioName).WithTimeProvider(time)
                .WithIntervalSink(stream).RunAsync(cancellationToken).ConfigureAwait(false);
            stream.Complete();
            await pump.ConfigureAwait(false);
            if (result.Error is not null)
            {
                await send(Error(index, result.Error), cancellationToken).ConfigureAwait(false);
                return result.ExitCode;
            }

            await send(new AgentMessage { Type = AgentMessageTypes.Done, Index = index, Stats = result.ScenarioStats.Single(), Message = result.AbortReason },
                cancellationToken).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        finally
        {
            if (scenarioDir is not null)
            {
                Directory.Delete(scenarioDir, recursive: true);
            }
        }
    }

    private static AgentMessage Error(int index, string message) => new() { Type = AgentMessageTypes.Error, Index = index, Message = message };

    private static async Task PumpAsync(ChannelReader<AgentMessage> reader, Func<AgentMessage, CancellationToken, Task> send, CancellationToken token)
    {
        await foreach (var message in reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await send(message, token).ConfigureAwait(false);
        }
    }

    /// <summary>Encodes each sample on the sampling loop (cheap) and queues it, so a slow link never stalls sampling.</summary>
    private sealed class StreamingSink(int index) : IIntervalSink
    {
        private readonly Channel<AgentMessage> _channel = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
        private int _seq;

        public ChannelReader<AgentMessage> Reader => _channel.Reader;

        public void Complete() => _channel.Writer.TryComplete();

        public void OnInterval(string scenario, TimeSeriesPoint point, HistogramBase histogram, double startSeconds, double lengthSeconds) =>
            _channel.Writer.TryWrite(new AgentMessage
            {
                Type = AgentMessageTypes.Interval,
                Index = index,
                Seq = ++_seq,
                Point = point,
                Histogram = HistogramLogLine.Encode(histogram, startSeconds, lengthSeconds),
            });

        public void OnHeartbeat(string scenario, string phase) =>
            _channel.Writer.TryWrite(new AgentMessage { Type = AgentMessageTypes.Heartbeat, Index = index, Phase = phase });
    }
}
