using System.Net.Http.Headers;
using System.Text;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// A Prometheus metric: the instant query <c>GET {serverAddress}/api/v1/query?query=...&amp;timeout=...</c> (Thanos,
/// Mimir and Cortex serve the same API), with the spec's headers, a bearer token or basic credentials from Secrets,
/// and https trusted by a CA bundle from a Secret. The answer is read by <see cref="PrometheusResponse"/>; every
/// series' value goes to the engine, which sums them. Identical requests of one sync are sent once.
/// </summary>
public sealed class PrometheusMetricReader(SourceCalls calls, SecretReader secrets, PrometheusClients clients, ILogger log) : IMetricSource
{
    private const int MaxRememberedWarnings = 1024;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public string Source => SourceCalls.Prometheus;

    public async Task<MetricReading> ReadAsync(MetricRequest request, CancellationToken ct)
    {
        var spec = request.Metric.Prometheus!;
        var answer = await request.Shared.GetOrAddAsync(Key(request.Namespace, spec), () => QueryAsync(request, spec, ct)).ConfigureAwait(false);
        return new MetricReading { Index = request.Index, Values = answer.Values, Timestamp = answer.Timestamp };
    }

    /// <summary>What makes two requests the same: server, query, headers, credential references and trust (never the secret values).</summary>
    private static string Key(string ns, PrometheusMetricSource spec)
    {
        var key = new StringBuilder().Append(ns).Append('\n').Append(spec.ServerAddress.TrimEnd('/')).Append('\n').Append(spec.Query)
            .Append('\n').Append(spec.Timeout).Append('\n').Append(spec.StaleAfter);
        foreach (var (name, value) in (spec.Headers ?? new Dictionary<string, string>()).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            key.Append('\n').Append(name.ToLowerInvariant()).Append(':').Append(value);
        key.Append("\nbearer:").Append(spec.BearerTokenSecret?.Name).Append('/').Append(spec.BearerTokenSecret?.Key)
            .Append("\nbasic:").Append(spec.BasicAuth?.Username.Name).Append('/').Append(spec.BasicAuth?.Username.Key)
            .Append(',').Append(spec.BasicAuth?.Password.Name).Append('/').Append(spec.BasicAuth?.Password.Key)
            .Append("\ntls:").Append(spec.Tls?.CaSecret?.Name).Append('/').Append(spec.Tls?.CaSecret?.Key)
            .Append(',').Append(spec.Tls?.ServerName).Append(',').Append(spec.Tls?.InsecureSkipVerify);
        return key.ToString();
    }

    private async Task<PrometheusResult> QueryAsync(MetricRequest request, PrometheusMetricSource spec, CancellationToken ct)
    {
        var field = $"{request.Field}.prometheus";
        var timeout = GoDuration.TryParse(spec.Timeout, out var t) ? t : PrometheusMetricSource.DefaultTimeout;
        var staleAfter = GoDuration.TryParse(spec.StaleAfter, out var s) ? s : PrometheusMetricSource.DefaultStaleAfter;
        var server = spec.ServerAddress.TrimEnd('/');

        // Credentials and trust first: a Secret that cannot be read is this metric's failure, counted as such.
        AuthenticationHeaderValue? authorization;
        HttpClient client;
        try
        {
            authorization = await AuthorizationAsync(request.Namespace, spec, field, ct).ConfigureAwait(false);
            client = await ClientAsync(request.Namespace, spec, field, ct).ConfigureAwait(false);
        }
        catch (MetricSourceException e)
        {
            throw calls.Failed(Source, e);
        }

        var uri = new Uri($"{server}/api/v1/query?query={Uri.EscapeDataString(spec.Query)}&timeout={(long)timeout.TotalMilliseconds}ms");
        var result = await calls.RunAsync(Source, timeout,
            $"no answer from Prometheus at {server} within {SourceCalls.Show(timeout)} ({field}.timeout)", async token =>
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, uri);
                message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                foreach (var (name, value) in spec.Headers ?? new Dictionary<string, string>())
                    message.Headers.TryAddWithoutValidation(name, value);
                message.Headers.Authorization = authorization;
                // .NET sends the Host header's name as SNI and checks the certificate against it: tls.serverName does both.
                if (spec.Tls?.ServerName is { } serverName) message.Headers.Host = uri.IsDefaultPort ? serverName : $"{serverName}:{uri.Port}";
                string body;
                System.Net.HttpStatusCode status;
                try
                {
                    using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    status = response.StatusCode;
                    body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                }
                catch (Exception e) when (TransportFailures.FromTransport(e, $"cannot reach Prometheus at {server}: ") is { } failure)
                {
                    throw failure;
                }
                var read = PrometheusResponse.Parse(status, body, calls.Time.GetUtcNow(), staleAfter);
                return read.Succeeded ? read : throw new MetricSourceException(read.Reason!.Value, read.Error!);
            }, ct).ConfigureAwait(false);
        if (result.Warnings.Count + result.Infos.Count > 0) LogAnnotations(server, spec.Query, result);
        return result;
    }

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(string ns, PrometheusMetricSource spec, string field, CancellationToken ct)
    {
        if (spec.BearerTokenSecret is { } bearer)
            return new AuthenticationHeaderValue("Bearer", await secrets.ReadTextAsync(ns, bearer, $"{field}.bearerTokenSecret", ct).ConfigureAwait(false));
        if (spec.BasicAuth is { } basic)
        {
            var user = await secrets.ReadTextAsync(ns, basic.Username, $"{field}.basicAuth.username", ct).ConfigureAwait(false);
            var password = await secrets.ReadTextAsync(ns, basic.Password, $"{field}.basicAuth.password", ct).ConfigureAwait(false);
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
        return null;
    }

    private async Task<HttpClient> ClientAsync(string ns, PrometheusMetricSource spec, string field, CancellationToken ct)
    {
        if (spec.Tls is not { CaSecret: { } ca } tls) return clients.For(null, spec.Tls?.InsecureSkipVerify == true);
        var pem = await secrets.ReadAsync(ns, ca, $"{field}.tls.caSecret", ct).ConfigureAwait(false);
        if (PrometheusClients.Roots(pem).Count == 0)
            throw new MetricSourceException(FailureReason.Tls, $"{field}.tls.caSecret: key \"{ca.Key}\" of Secret {ns}/{ca.Name} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        return clients.For(pem, tls.InsecureSkipVerify);
    }

    /// <summary>
    /// A value came with Prometheus's warnings or infos (a partial answer, a suspicious function): it is used, and
    /// the annotation is logged once per server, query and text, so a steady warning does not flood the log.
    /// </summary>
    private void LogAnnotations(string server, string query, PrometheusResult result)
    {
        var text = string.Join("; ", result.Warnings.Concat(result.Infos));
        lock (_warned)
        {
            if (_warned.Count >= MaxRememberedWarnings) _warned.Clear();
            if (!_warned.Add($"{server}\n{query}\n{text}")) return;
        }
        Log.PrometheusAnnotations(log, server, query, text);
    }
}
