using System.Net.Sockets;

namespace ElasticScaler.LoadTest.Http;

/// <summary>Before any load: can each target host be resolved and connected to? Exit code 3 when not.</summary>
public static class Reachability
{
    /// <summary>Null when every endpoint accepted a TCP connection, else a message naming the URL, the cause and the fix.</summary>
    public static async Task<string?> CheckAsync(IEnumerable<Uri> urls, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        foreach (var url in urls.DistinctBy(u => (u.Host, u.Port)))
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                var endPoint = await LeanHttpClient.ResolveAsync(url).WaitAsync(cts.Token).ConfigureAwait(false);
                using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endPoint, cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var why = ErrorClassifier.Classify(ex) switch
                {
                    ErrorKind.Refused => "connection refused (nothing listens on that port)",
                    ErrorKind.Dns => $"host '{url.Host}' not found",
                    ErrorKind.Timeout => $"no TCP connection within {timeout.TotalSeconds:0.#} s",
                    _ => ex.Message,
                };
                return $"target unreachable: {url.GetLeftPart(UriPartial.Authority)}/: {why}; fix: start the service, or correct --url (host and port), " +
                    "or raise --connect-timeout if it is just slow";
            }
        }

        return null;
    }
}
