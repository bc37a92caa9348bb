using k8s;

namespace ElasticScaler.Sim.Tests;

/// <summary>One sim per test class; tests keep apart by using their own namespaces.</summary>
public sealed class SimFixture : IAsyncLifetime
{
    public SimCluster Sim { get; private set; } = null!;
    public string CacheDir { get; } = Path.Combine(Path.GetTempPath(), "sim-kubectl-cache-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Sim = await SimCluster.StartAsync(new SimOptions { BookmarkInterval = TimeSpan.FromMilliseconds(300) });
        Directory.CreateDirectory(CacheDir);
    }

    public async Task DisposeAsync()
    {
        await Sim.DisposeAsync();
        try
        {
            Directory.Delete(CacheDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public Kubernetes Admin() => Client(Sim.AdminKubeconfigPath);

    public Kubernetes Scaler() => Client(Sim.ScalerKubeconfigPath);

    public static Kubernetes Client(string kubeconfigPath) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>The repository root (for deploy/ manifests the tests check against).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ElasticScaler.sln not found above " + AppContext.BaseDirectory);
    }
}
