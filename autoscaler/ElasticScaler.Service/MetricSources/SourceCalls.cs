using System.Globalization;
using ElasticScaler.Service.Metrics;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// One request to a metric source, as every reader makes it: bounded by the source's timeout on the service's clock
/// (so a test's fake clock moves it too), timed into <c>elasticscaler_metric_source_duration_seconds</c>, and a
/// failure counted by reason in <c>elasticscaler_metric_source_errors_total</c>.
/// </summary>
public sealed class SourceCalls(ServiceMetrics metrics, TimeProvider time)
{
    public const string Resource = "resource";
    public const string Pods = "pods";
    public const string Object = "object";
    public const string External = "external";
    public const string Prometheus = "prometheus";

    public TimeProvider Time => time;

    /// <summary>
    /// Runs <paramref name="call"/>, which throws <see cref="MetricSourceException"/> for any failure it recognizes.
    /// Past <paramref name="timeout"/> it is cancelled and the read fails with <paramref name="timeoutMessage"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string source, TimeSpan timeout, string timeoutMessage, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var started = time.GetTimestamp();
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw Failed(source, new MetricSourceException(FailureReason.Timeout, timeoutMessage));
        }
        catch (MetricSourceException e)
        {
            throw Failed(source, e);
        }
        finally
        {
            metrics.MetricSourceDuration.WithLabels(source).Observe(time.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Counts a failure found without a request (a Secret that cannot be read, say) and gives it back to throw.</summary>
    public MetricSourceException Failed(string source, MetricSourceException e)
    {
        metrics.MetricSourceErrors.WithLabels(source, e.Reason.Label()).Inc();
        return e;
    }

    /// <summary>"5s", "1.5s", "250ms": a timeout as a person wrote it.</summary>
    public static string Show(TimeSpan t) => t < TimeSpan.FromSeconds(1)
        ? t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms"
        : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
