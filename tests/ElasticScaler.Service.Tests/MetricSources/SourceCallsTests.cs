using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.MetricSources;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Service.Tests.MetricSources;

/// <summary>Every request to a metric source is bounded by its timeout on the service's clock, timed, and a failure counted by reason.</summary>
public sealed class SourceCallsTests
{
    [Fact]
    public async Task A_call_that_never_answers_fails_at_its_timeout_on_the_services_clock_and_is_counted_as_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-11T00:00:00Z"));
        var metrics = new ServiceMetrics();
        var calls = new SourceCalls(metrics, time);
        var call = calls.RunAsync<int>(SourceCalls.Prometheus, TimeSpan.FromSeconds(2), "no answer within 2s", async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.False(call.IsCompleted); // the wall clock does not move it; the service's clock does
        time.Advance(TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<MetricSourceException>(() => call);
        Assert.Equal((FailureReason.Timeout, "no answer within 2s"), (e.Reason, e.Message));
        Assert.Equal(1, metrics.MetricSourceErrors.WithLabels("prometheus", "timeout").Value);
        Assert.Equal(1, metrics.MetricSourceDuration.WithLabels("prometheus").Count);
    }

    [Fact]
    public async Task A_failure_the_call_recognizes_is_counted_under_its_reason_once()
    {
        var metrics = new ServiceMetrics();
        var calls = new SourceCalls(metrics, TimeProvider.System);
        var e = await Assert.ThrowsAsync<MetricSourceException>(() => calls.RunAsync<int>(SourceCalls.External, TimeSpan.FromSeconds(5), "slow",
            _ => throw new MetricSourceException(FailureReason.Forbidden, "unable to fetch metrics from external metrics API: forbidden"), CancellationToken.None));
        Assert.Equal(FailureReason.Forbidden, e.Reason);
        Assert.Equal(1, metrics.MetricSourceErrors.WithLabels("external", "forbidden").Value);
        Assert.Equal(0, metrics.MetricSourceErrors.WithLabels("external", "timeout").Value);
    }

    [Fact]
    public async Task Stopping_the_service_is_not_a_metric_timeout()
    {
        var metrics = new ServiceMetrics();
        var calls = new SourceCalls(metrics, TimeProvider.System);
        using var stop = new CancellationTokenSource();
        var call = calls.RunAsync<int>(SourceCalls.Pods, TimeSpan.FromMinutes(1), "slow", async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        }, stop.Token);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(0, metrics.MetricSourceErrors.WithLabels("pods", "timeout").Value);
    }

    [Fact]
    public void The_reason_labels_are_a_small_fixed_set()
    {
        Assert.Equal(["timeout", "connection", "tls", "http", "forbidden", "notfound", "query", "invalid", "empty", "nan", "stale"], FailureReasons.Labels);
    }
}
