namespace ElasticScaler.Autoscaler.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ExampleSnapshots => Path.Combine(Root, "docs", "examples", "snapshots");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ElasticScaler.sln not found above {AppContext.BaseDirectory}");
    }
}
