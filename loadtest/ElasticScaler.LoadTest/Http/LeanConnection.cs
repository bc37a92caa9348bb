using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ElasticScaler.LoadTest.Http;

/// <summary>The server closed a reused keep-alive connection before answering; safe to retry once on a new one.</summary>
internal sealed class StaleConnectionException() : IOException("the server closed the idle keep-alive connection");

/// <summary>
/// One keep-alive HTTP/1.1 connection over a raw socket: send pre-encoded request bytes, read the head, skip the body.
/// No HttpRequestMessage, headers collection or content stream per request: that is where HttpClient spends the
/// CPU that a 2-core generator needs for requests (docs/benchmarks.md, "Load generator vs wrk").
/// </summary>
internal sealed class LeanConnection : IDisposable
{
    // 4 KiB holds the head and body of most API responses; a larger head grows the buffer up to 64 KiB. Small
    // buffers matter at 1000 connections: 16 KiB each was 16 MiB of mostly idle memory competing for cache.
    private const int BufferSize = 4 * 1024;
    private const int MaxHeadSize = 64 * 1024;

    private readonly CancellationTokenSource _timeout;
    private byte[] _buffer = new byte[BufferSize];
    private Socket? _socket;
    private int _start;
    private int _end;

    private long _deadline;

    public LeanConnection(EndPoint endPoint, CancellationToken hard)
    {
        EndPoint = endPoint;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(hard);
    }

    public EndPoint EndPoint { get; }
    public bool IsConnected => _socket is not null;
    public bool Reusable { get; private set; }
    public bool TimedOut => _timeout.IsCancellationRequested;
    public int Exchanges { get; private set; }

    /// <summary>
    /// Sets the request's deadline (a TimeProvider timestamp). No timer per request: a CancelAfter per request puts
    /// every response through the shared timer queue; the client's watchdog sweeps deadlines instead.
    /// </summary>
    public void Arm(long deadline) => Volatile.Write(ref _deadline, deadline);

    /// <summary>Clears the deadline; false when the watchdog already fired (then the connection must go).</summary>
    public bool Disarm()
    {
        Volatile.Write(ref _deadline, 0);
        return !_timeout.IsCancellationRequested;
    }

    /// <summary>Called by the watchdog: cancels the pending socket operation when the deadline has passed.</summary>
    public void ExpireIfLate(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline != 0 && now >= deadline)
        {
            try
            {
                _timeout.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the sweep's read and the cancel: nothing left to time out.
            }
        }
    }

    public async ValueTask ConnectAsync()
    {
        var socket = new Socket(EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(EndPoint, _timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
    }

    /// <summary>Sends one request and reads the whole response; returns the status and the bytes received.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(int Status, long Bytes)> ExchangeAsync(ReadOnlyMemory<byte> request, bool headRequest)
    {
        var socket = _socket ?? throw new InvalidOperationException("not connected");
        var token = _timeout.Token;
        Reusable = false;
        _start = 0;
        _end = 0;
        for (var sent = 0; sent < request.Length;)
        {
            sent += await socket.SendAsync(request[sent..], SocketFlags.None, token).ConfigureAwait(false);
        }

        ResponseHead head;
        while (!ResponseHead.TryParse(_buffer.AsSpan(_start, _end - _start), headRequest, out head))
        {
            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxHeadSize)
                {
                    throw new InvalidDataException($"response head larger than {MaxHeadSize} bytes");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                throw _end == 0 && Exchanges > 0 ? new StaleConnectionException() : new IOException("connection closed before the response head");
            }

            _end += n;
        }

        _start += head.HeaderLength;
        long body = head.Framing switch
        {
            BodyFraming.ContentLength => await SkipLengthAsync(socket, head.ContentLength, token).ConfigureAwait(false),
            BodyFraming.Chunked => await SkipChunkedAsync(socket, token).ConfigureAwait(false),
            BodyFraming.UntilClose => await SkipToCloseAsync(socket, token).ConfigureAwait(false),
            _ => 0,
        };
        Exchanges++;
        Reusable = head.KeepAlive;
        return (head.Status, head.HeaderLength + body);
    }

    private async ValueTask<long> SkipLengthAsync(Socket socket, long length, CancellationToken token)
    {
        var remaining = length - Math.Min(length, _end - _start);
        while (remaining > 0)
        {
            var n = await socket.ReceiveAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, remaining)), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("connection closed inside the response body");
            }

            remaining -= n;
        }

        return length;
    }

    private async ValueTask<long> SkipChunkedAsync(Socket socket, CancellationToken token)
    {
        var reader = new ChunkedBodyReader();
        long total = reader.Consume(_buffer.AsSpan(_start, _end - _start));
        while (!reader.IsDone)
        {
            var n = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("connection closed inside a chunked body");
            }

            total += reader.Consume(_buffer.AsSpan(0, n));
        }

        return total;
    }

    private async ValueTask<long> SkipToCloseAsync(Socket socket, CancellationToken token)
    {
        long total = _end - _start;
        int n;
        while ((n = await socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false)) > 0)
        {
            total += n;
        }

        return total;
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _socket = null;
        _timeout.Dispose();
    }
}
