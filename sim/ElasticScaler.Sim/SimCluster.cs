using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Auth;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticScaler.Sim;

/// <summary>
/// A running sim API server on 127.0.0.1: <c>await using var sim = await SimCluster.StartAsync(options)</c>.
/// Exposes the address, the admin and scaler kubeconfigs, the in-process store API (Resources) for controllers,
/// metrics setters and fault injection.
/// </summary>
public sealed class SimCluster : IAsyncDisposable
{
    public const string ScalerNamespace = "elasticscaler";
    public const string ScalerServiceAccount = "elasticscaler";

    private readonly WebApplication _app;
    private readonly SimOptions _options;
    private readonly bool _ownsDirectory;

    private SimCluster(WebApplication app, SimOptions options, string directory, bool ownsDirectory, ResourceService resources,
        MetricsStore metrics, FaultInjector faults, AuditLog audit, TokenAuthenticator tokens, Uri baseAddress, string adminToken, string scalerToken)
    {
        _app = app;
        _options = options;
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        Resources = resources;
        Metrics = metrics;
        Faults = faults;
        Audit = audit;
        Tokens = tokens;
        BaseAddress = baseAddress;
        AdminToken = adminToken;
        ScalerToken = scalerToken;
    }

    public Uri BaseAddress { get; }
    /// <summary>Base64 PEM of the serving certificate (the kubeconfig's certificate-authority-data); null without TLS.</summary>
    public string? CertificateAuthorityData { get; private init; }
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; private init; }
    public string Directory { get; }
    public string AdminToken { get; }
    public string ScalerToken { get; }
    public string AdminKubeconfigPath => Path.Combine(Directory, "kubeconfig");
    public string ScalerKubeconfigPath => Path.Combine(Directory, "scaler.kubeconfig");
    public string StatePath => Path.Combine(Directory, "state.json");
    /// <summary>The in-process API (same rules as HTTP) for tests and the controllers of sim part 2.</summary>
    public ResourceService Resources { get; }
    public ObjectStore Store => Resources.Store;
    public ResourceRegistry Registry => Resources.Registry;
    public MetricsStore Metrics { get; }
    public FaultInjector Faults { get; }
    /// <summary>Every resource request answered over HTTP (user, RBAC verb, resource, code), for tests of a client's behaviour.</summary>
    public AuditLog Audit { get; }
    public TokenAuthenticator Tokens { get; }

    public static async Task<SimCluster> StartAsync(SimOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SimOptions();
        options.Validate();
        var ownsDirectory = options.Directory is null;
        var directory = options.Directory ?? Path.Combine(Path.GetTempPath(), "elasticscaler-sim-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);

        var registry = new ResourceRegistry(BuiltinKinds.All);
        var store = new ObjectStore(options.HistoryCapacity);
        var resources = new ResourceService(registry, store, options.Time);
        var crds = new CrdController(resources);
        var statePath = Path.Combine(directory, "state.json");
        if (options.Persist && File.Exists(statePath))
        {
            var (revision, objects) = StateFile.Load(statePath);
            store.Restore(objects, revision, key => o => ObjectFields.Extract(
                registry.Types.FirstOrDefault(t => t.StorageKey == key && t.StorageKeyOverride is null) ?? BuiltinKinds.All[0], o));
            crds.Resync();
        }
        Bootstrap(resources, options.Preset);

        var metrics = new MetricsStore(registry);
        var faults = new FaultInjector(options.FaultSeed);
        var audit = new AuditLog(options.AuditCapacity);
        var tokens = new TokenAuthenticator();
        var adminToken = TokenAuthenticator.NewToken();
        var scalerToken = TokenAuthenticator.NewToken();
        tokens.Add(adminToken, Identity.Admin);
        tokens.Add(scalerToken, Identity.ServiceAccount(ScalerNamespace, ScalerServiceAccount));

        var certificate = options.UseTls ? SelfSignedCertificate.Create(options.Time.GetUtcNow()) : null;
        var caData = certificate is null ? null : SelfSignedCertificate.PemBase64(certificate);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null)
                    listen.UseHttps(certificate);
            });
            k.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
            // kube-apiserver's --http2-max-streams-per-connection default: one client's many watches share a connection.
            k.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        var app = builder.Build();
        Uri? address = null;
        var authorizer = new RbacAuthorizer(resources);
        var watch = new WatchEndpoint(resources, options.BookmarkInterval);
        var customMetrics = new CustomMetricsApi(resources, metrics);
        var externalMetrics = new ExternalMetricsApi(metrics);
        var endpoint = new ResourceEndpoint(resources, watch, new MetricsApi(resources, metrics), customMetrics, externalMetrics, authorizer);
        var admin = new AdminEndpoint(faults, store, metrics, audit, options.Time);
        var pipeline = new ApiPipeline(resources, tokens, authorizer, faults, endpoint, admin, audit, () => address?.Authority ?? "127.0.0.1:6443",
            t => t.Group == CustomMetricsApi.Group ? customMetrics.Resources() : externalMetrics.Resources());
        app.Run(pipeline.Handle);
        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address = new Uri(bound.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));

        var sim = new SimCluster(app, options, directory, ownsDirectory, resources, metrics, faults, audit, tokens, address, adminToken, scalerToken)
        {
            CertificateAuthorityData = caData,
            Certificate = certificate,
        };
        await File.WriteAllTextAsync(sim.AdminKubeconfigPath, Kubeconfig.Render(address, "admin", adminToken, caData), ct);
        await File.WriteAllTextAsync(sim.ScalerKubeconfigPath, Kubeconfig.Render(address, "elasticscaler", scalerToken, caData, ScalerNamespace), ct);
        return sim;
    }

    /// <summary>Adds an identity and returns its bearer token (for tests of RBAC with other users).</summary>
    public string AddUser(string user, params string[] groups)
    {
        var token = TokenAuthenticator.NewToken();
        Tokens.Add(token, new Identity(user, [.. groups, "system:authenticated"]));
        return token;
    }

    /// <summary>A kubeconfig file for a token, written next to the others.</summary>
    public string WriteKubeconfig(string fileName, string user, string token)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, Kubeconfig.Render(BaseAddress, user, token, CertificateAuthorityData));
        return path;
    }

    public void SetPodMetrics(string ns, string name, params ContainerUsage[] containers) =>
        Metrics.SetPod(ns, name, containers, _options.Time.GetUtcNow());

    public void SetNodeMetrics(string name, long cpuMillis, long memoryBytes) =>
        Metrics.SetNode(name, cpuMillis, memoryBytes, _options.Time.GetUtcNow());

    /// <summary>A custom.metrics.k8s.io value of one object, stamped now (ns null for cluster-scoped objects and Namespaces).</summary>
    public void SetCustomMetric(string? ns, string resource, string name, string metric, decimal value,
        IReadOnlyDictionary<string, string>? labels = null, long? windowSeconds = null) =>
        Metrics.SetCustom(ns, resource, name, metric, value, labels, _options.Time.GetUtcNow(), windowSeconds);

    /// <summary>Every series of an external.metrics.k8s.io metric in a namespace, stamped now.</summary>
    public void SetExternalMetric(string ns, string metric, params ExternalSeries[] series) =>
        Metrics.SetExternal(ns, metric, series, _options.Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        Store.DropWatches(null);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        Certificate?.Dispose();
        if (_options.Persist)
            StateFile.Save(StatePath, Store);
        if (_ownsDirectory)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Bootstrap(ResourceService resources, string preset)
    {
        var ns = resources.Registry.Find("", "v1", "namespaces")!;
        var names = new List<string> { "default", "kube-system", "kube-public", "kube-node-lease", ScalerNamespace };
        if (preset == "seed")
            names.Add("wordpress");
        foreach (var name in names)
            if (resources.TryGet(ns, "", name) is null)
                resources.Create(ns, "", new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } },
                });
        var sa = resources.Registry.Find("", "v1", "serviceaccounts")!;
        foreach (var n in names)
            if (resources.TryGet(sa, n, "default") is null)
                resources.Create(sa, n, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } });
        if (resources.TryGet(sa, ScalerNamespace, ScalerServiceAccount) is null)
            resources.Create(sa, ScalerNamespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ScalerServiceAccount } });
    }
}
