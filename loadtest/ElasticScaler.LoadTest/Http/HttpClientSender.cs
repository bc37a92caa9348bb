using System.Buffers;
using System.Net;
using System.Text;

namespace ElasticScaler.LoadTest.Http;

/// <summary>
/// The HttpClient path, for https:// and HTTP/2 targets the lean socket client does not speak. Connections are
/// sized to the concurrency, kept alive forever, and no proxy is consulted.
/// </summary>
internal sealed class HttpClientSender(int maxConnections, bool http2, CancellationToken hard) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, maxConnections),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        EnableMultipleHttp2Connections = true,
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    public async ValueTask<Response> SendAsync(RequestSpec spec)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(hard);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(spec.Method), spec.Url)
            {
                Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
                // Cleartext HTTP/2 needs "prior knowledge": ask for exactly 2.0; over TLS, ALPN negotiates.
                VersionPolicy = http2 && spec.Url.Scheme == Uri.UriSchemeHttp ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
            };
            string? contentType = null;
            foreach (var (name, value) in spec.Headers)
            {
                if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = value;
                }
                else
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }

            if (spec.Body is not null)
            {
                message.Content = new StringContent(spec.Body, Encoding.UTF8);
                if (contentType is not null)
                {
                    message.Content.Headers.Remove("Content-Type");
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
            }

            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            long bytes = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                int n;
                while ((n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    bytes += n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            var status = (int)response.StatusCode;
            return Response.Http(status, bytes, ErrorClassifier.ClassifyStatus(status, spec.ExpectStatus));
        }
        catch (OperationCanceledException) when (hard.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Response.Fail(message: $"no response within {spec.Timeout.TotalMilliseconds} ms", errorKind: ErrorKind.Timeout);
        }
        catch (Exception ex)
        {
            return Response.Fail(message: ex.Message, errorKind: ErrorClassifier.Classify(ex));
        }
    }

    public void Dispose() => _client.Dispose();
}
