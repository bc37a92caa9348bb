using System.Text.RegularExpressions;
using ElasticScaler.Core.Decisions;

namespace ElasticScaler.Core.Tests;

/// <summary>The layering the architecture promises, checked rather than hoped for.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Core_depends_on_nothing_that_does_io_or_talks_to_kubernetes()
    {
        var referenced = typeof(DecisionPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(referenced, n => n.StartsWith("KubernetesClient", StringComparison.Ordinal) || n.StartsWith("k8s", StringComparison.Ordinal));
        Assert.DoesNotContain(referenced, n => n.StartsWith("System.Net", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.All(referenced, n => Assert.True(n is "Quartz" or "netstandard" || n.StartsWith("System.", StringComparison.Ordinal) || n == "System",
            $"Core references {n}; the engine may use only the BCL and Quartz"));
    }

    [Fact]
    public void Product_code_reads_time_only_from_its_input_or_a_time_provider()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "autoscaler"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
                if (WallClock().IsMatch(lines[i]) && !lines[i].TrimStart().StartsWith("//", StringComparison.Ordinal))
                    offenders.Add($"{Path.GetRelativePath(Root, file)}:{i + 1}: {lines[i].Trim()}");
        }
        Assert.True(offenders.Count == 0, "wall-clock reads in product code:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void No_product_project_references_the_simulator()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(Root, "autoscaler"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "loadtest"), "*.csproj", SearchOption.AllDirectories));
        foreach (var project in projects)
            Assert.DoesNotContain("ElasticScaler.Sim", File.ReadAllText(project), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b(DateTime(Offset)?\.(Now|UtcNow|Today)|Task\.Delay\(|Stopwatch\.|Thread\.Sleep\()")]
    private static partial Regex WallClock();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new InvalidOperationException("ElasticScaler.sln not found");
    }
}
