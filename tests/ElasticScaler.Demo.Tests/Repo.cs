namespace ElasticScaler.Demo.Tests;

/// <summary>Files of the repository, found from the test's output folder.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test was built in, so the demo runs the build beside it.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The demo's build output (the test project references it, so it is built first).</summary>
    public static string DemoDll => Path.Combine(Root, "demo", "ElasticScaler.Demo", "bin", Configuration, "net10.0", "elasticscaler-demo.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ElasticScaler.sln not found above {AppContext.BaseDirectory}");
    }
}
