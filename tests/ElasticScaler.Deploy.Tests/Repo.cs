namespace ElasticScaler.Deploy.Tests;

/// <summary>Files of the repository, found from the test's output folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The configuration this test was built in, so a child process runs the build beside it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The service's build output (the test project references it, so it is built first).</summary>
    public static string ServiceDll => Path("autoscaler", "ElasticScaler.Autoscaler", "bin", Configuration, "net10.0", "elasticscaler.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ElasticScaler.sln not found above {AppContext.BaseDirectory}");
    }
}
