namespace ElasticScaler.Bench.Policy.Tests;

/// <summary>The repository's root (where ElasticScaler.sln is), found from the test's output folder.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new InvalidOperationException("ElasticScaler.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
