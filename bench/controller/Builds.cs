namespace ElasticScaler.Bench.Controller;

/// <summary>
/// The sim's and the service's build outputs, in the configuration this benchmark was built in (the project references
/// both without loading them, so <c>dotnet run -c Release --project bench/controller</c> builds them first).
/// </summary>
public static class Builds
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string SimDll => Dll(Path.Combine("sim", "ElasticScaler.Sim.Cli"), "elasticscaler-sim");
    public static string ServiceDll => Dll(Path.Combine("autoscaler", "ElasticScaler.Autoscaler"), "elasticscaler");

    public static string RepoPath(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Dll(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new BenchFailedException($"{path} is not built: dotnet build -c {Configuration} bench/controller builds it");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new BenchFailedException($"ElasticScaler.sln not found above {AppContext.BaseDirectory}");
    }
}
