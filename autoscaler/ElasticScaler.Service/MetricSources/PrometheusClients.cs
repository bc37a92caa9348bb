using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ElasticScaler.Service.MetricSources;

/// <summary>
/// HttpClients for Prometheus servers, one per way of trusting a server (the system's roots, a CA bundle, no check),
/// kept across syncs so connections are pooled. Redirects are not followed: credentials must not travel to
/// another host, and an auth proxy's login redirect is an error to report, not a page to parse.
/// </summary>
public sealed class PrometheusClients : IDisposable
{
    private const int MaxClients = 64;
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client that trusts <paramref name="caPem"/> (a PEM bundle; null: the system's roots), or any certificate when <paramref name="insecure"/>.</summary>
    public HttpClient For(byte[]? caPem, bool insecure)
    {
        var key = insecure ? "insecure" : caPem is null ? "system" : "ca:" + Convert.ToHexString(SHA256.HashData(caPem));
        if (_clients.TryGetValue(key, out var client)) return client;
        // A rotated CA adds a client; past the bound, start afresh (dropped clients close their idle connections on their own).
        if (_clients.Count >= MaxClients) _clients.Clear();
        return _clients.GetOrAdd(key, _ => Create(caPem is null || insecure ? null : Roots(caPem), insecure));
    }

    /// <summary>The certificates of a PEM bundle; none is an error the caller reports.</summary>
    public static X509Certificate2Collection Roots(byte[] pem)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(System.Text.Encoding.ASCII.GetString(pem));
        }
        catch (CryptographicException)
        {
            roots.Clear();
        }
        return roots;
    }

    private static HttpClient Create(X509Certificate2Collection? roots, bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // follow DNS changes of the server's name
            UseCookies = false,
        };
        if (insecure) handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (roots is not null) handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => Trusted(sender, roots, certificate, chain, errors);
        // Every request is bounded by its source's timeout on the service's clock instead.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The CA bundle replaces the system's roots (as Go's tls.Config.RootCAs does); the name must still match. A
    /// refusal throws, so the handshake's error says why instead of "rejected by the validation callback".
    /// </summary>
    private static bool Trusted(object sender, X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var host = (sender as SslStream)?.TargetHostName;
        if (certificate is null) throw new AuthenticationException("the server sent no certificate: RemoteCertificateNotAvailable");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            throw new AuthenticationException($"the certificate does not carry the name \"{host}\": RemoteCertificateNameMismatch (set tls.serverName to a name it carries)");
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(leaf)) return true;
        var status = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        throw new AuthenticationException($"the certificate does not chain to the CA of tls.caSecret: {status}");
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
        _clients.Clear();
    }
}
