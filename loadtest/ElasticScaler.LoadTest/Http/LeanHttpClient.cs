using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ElasticScaler.LoadTest.Http;

/// <summary>
/// Pools <see cref="LeanConnection"/>s per endpoint. A virtual user (or injected copy) takes a connection, uses it for
/// one request and gives it back, so the pool holds as many connections as requests were ever in flight at once.
/// </summary>
internal sealed class LeanHttpClient(CancellationToken hard) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<EndPoint>> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<EndPoint, ConcurrentStack<LeanConnection>> _pools = new();

    public async ValueTask<Response> SendAsync(PreparedRequest request)
    {
        EndPoint endPoint;
        try
        {
            endPoint = await _endpoints.GetOrAdd(request.Spec.Url.Authority, _ => ResolveAsync(request.Spec.Url)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Response.Fail(message: ex.Message, errorKind: ErrorClassifier.Classify(ex));
        }

        var pool = _pools.GetOrAdd(endPoint, _ => new ConcurrentStack<LeanConnection>());
        for (var attempt = 0; ; attempt++)
        {
            var connection = pool.TryPop(out var pooled) ? pooled : new LeanConnection(endPoint, hard);
            connection.Arm(request.Spec.Timeout);
            try
            {
                if (!connection.IsConnected)
                {
                    await connection.ConnectAsync().ConfigureAwait(false);
                }

                var (status, bytes) = await connection.ExchangeAsync(request.Bytes, request.IsHead).ConfigureAwait(false);
                if (connection.Disarm() && connection.Reusable)
                {
                    pool.Push(connection);
                }
                else
                {
                    connection.Dispose();
                }

                return Response.Http(status, bytes, ErrorClassifier.ClassifyStatus(status, request.Spec.ExpectStatus));
            }
            catch (StaleConnectionException) when (attempt == 0)
            {
                // HTTP/1.1 lets a server close an idle keep-alive connection at any time; one retry on a fresh
                // connection is what every client does, and the request was never seen by the server.
                connection.Dispose();
            }
            catch (Exception ex)
            {
                var timedOut = connection.TimedOut;
                connection.Dispose();
                if (hard.IsCancellationRequested)
                {
                    throw new OperationCanceledException(hard);
                }

                return Response.Fail(message: ex.Message, errorKind: timedOut ? ErrorKind.Timeout : ErrorClassifier.Classify(ex));
            }
        }
    }

    /// <summary>Resolves a host once (an IP literal needs no lookup); IPv4 first, as most local targets listen there.</summary>
    public static async Task<EndPoint> ResolveAsync(Uri url)
    {
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal))
        {
            return new IPEndPoint(literal, url.Port);
        }

        var addresses = await Dns.GetHostAddressesAsync(url.DnsSafeHost).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(address, url.Port);
    }

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            while (pool.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }
}

/// <summary>A request spec with its bytes encoded once.</summary>
internal sealed record PreparedRequest(RequestSpec Spec, byte[] Bytes, bool IsHead)
{
    public static PreparedRequest From(RequestSpec spec) =>
        new(spec, spec.Encode(), spec.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase));
}
