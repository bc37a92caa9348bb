using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ElasticScaler.LoadTest.Http;

/// <summary>
/// Keep-alive <see cref="LeanConnection"/>s for the lean HTTP path. A virtual user keeps its own connection between
/// requests (no pool traffic on the hot path); one-shot copies of the open model share a pool per endpoint, so the
/// pool holds as many connections as requests were ever in flight at once. A watchdog sweeps request deadlines every
/// <see cref="SweepPeriod"/>, so time-outs fire up to that much late.
/// </summary>
internal sealed class LeanHttpClient : IDisposable
{
    public static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<string, Task<EndPoint>> _endpoints = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<EndPoint, ConcurrentStack<LeanConnection>> _pools = new();
    private readonly ConcurrentDictionary<LeanConnection, byte> _open = new();
    private readonly CancellationToken _hard;
    private readonly TimeProvider _time;
    private readonly ITimer _watchdog;

    public LeanHttpClient(CancellationToken hard, TimeProvider? time = null)
    {
        _hard = hard;
        _time = time ?? TimeProvider.System;
        _watchdog = _time.CreateTimer(_ => Sweep(), null, SweepPeriod, SweepPeriod);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Response> SendAsync(PreparedRequest request, IScenarioContext? context = null)
    {
        var endpointTask = _endpoints.GetOrAdd(request.Spec.Url.Authority, _ => ResolveAsync(request.Spec.Url));
        EndPoint endPoint;
        try
        {
            endPoint = endpointTask.IsCompletedSuccessfully ? endpointTask.Result : await endpointTask.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Response.Fail(message: ex.Message, errorKind: ErrorClassifier.Classify(ex));
        }

        var owner = context as ScenarioContext;
        for (var attempt = 0; ; attempt++)
        {
            var connection = Take(endPoint, owner);
            connection.Arm(_time.GetTimestamp() + (long)(request.Spec.Timeout.TotalSeconds * _time.TimestampFrequency));
            try
            {
                if (!connection.IsConnected)
                {
                    await connection.ConnectAsync().ConfigureAwait(false);
                }

                var (status, bytes) = await connection.ExchangeAsync(request.Bytes, request.IsHead).ConfigureAwait(false);
                if (connection.Disarm() && connection.Reusable)
                {
                    Give(connection, owner);
                }
                else
                {
                    Close(connection);
                }

                return Response.Http(status, bytes, ErrorClassifier.ClassifyStatus(status, request.Spec.ExpectStatus));
            }
            catch (StaleConnectionException) when (attempt == 0)
            {
                // HTTP/1.1 lets a server close an idle keep-alive connection at any time; one retry on a fresh
                // connection is what every client does, and the request was never seen by the server.
                Close(connection);
            }
            catch (Exception ex)
            {
                var timedOut = connection.TimedOut;
                Close(connection);
                if (_hard.IsCancellationRequested)
                {
                    throw new OperationCanceledException(_hard);
                }

                return Response.Fail(message: ex.Message, errorKind: timedOut ? ErrorKind.Timeout : ErrorClassifier.Classify(ex));
            }
        }
    }

    private LeanConnection Take(EndPoint endPoint, ScenarioContext? owner)
    {
        if (owner?.HttpConnection is LeanConnection own)
        {
            owner.HttpConnection = null;
            if (own.EndPoint.Equals(endPoint))
            {
                return own;
            }

            Pool(own.EndPoint).Push(own);
        }

        if (Pool(endPoint).TryPop(out var pooled))
        {
            return pooled;
        }

        var connection = new LeanConnection(endPoint, _hard);
        _open[connection] = 0;
        return connection;
    }

    private void Give(LeanConnection connection, ScenarioContext? owner)
    {
        if (owner is not null)
        {
            owner.HttpConnection = connection;
        }
        else
        {
            Pool(connection.EndPoint).Push(connection);
        }
    }

    private ConcurrentStack<LeanConnection> Pool(EndPoint endPoint) => _pools.GetOrAdd(endPoint, _ => new ConcurrentStack<LeanConnection>());

    private void Close(LeanConnection connection)
    {
        _open.TryRemove(connection, out _);
        connection.Dispose();
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _open.Keys)
        {
            connection.ExpireIfLate(now);
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
        _watchdog.Dispose();
        foreach (var connection in _open.Keys)
        {
            connection.Dispose();
        }

        _open.Clear();
        _pools.Clear();
    }
}

/// <summary>A request spec with its bytes encoded once.</summary>
internal sealed record PreparedRequest(RequestSpec Spec, byte[] Bytes, bool IsHead)
{
    public static PreparedRequest From(RequestSpec spec) =>
        new(spec, spec.Encode(), spec.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase));
}
