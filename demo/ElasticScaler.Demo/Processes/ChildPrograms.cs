using System.Reflection;

namespace ElasticScaler.Demo.Processes;

/// <summary>
/// Where the build put the programs the demo runs as its children and the repository's deploy/ folder, recorded as
/// assembly metadata by the project file (msbuild's own GetTargetPath), so no bin layout is guessed here.
/// </summary>
public static class ChildPrograms
{
    /// <summary>The simulated cluster's runnable (sim/ElasticScaler.Sim.Cli).</summary>
    public static string Sim => Find("child:elasticscaler-sim");

    /// <summary>The service's runnable (autoscaler/ElasticScaler.Autoscaler).</summary>
    public static string Service => Find("child:elasticscaler");

    /// <summary>The repository's deploy/ folder (kustomizations and samples).</summary>
    public static string DeployFolder => Find("deploy");

    private static string Find(string key)
    {
        var value = typeof(ChildPrograms).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"the demo was built without its '{key}' path; rebuild it with dotnet build demo/ElasticScaler.Demo");
        if (!File.Exists(value) && !Directory.Exists(value))
            throw new FileNotFoundException($"{value} is missing; rebuild with dotnet build demo/ElasticScaler.Demo", value);
        return value;
    }
}
