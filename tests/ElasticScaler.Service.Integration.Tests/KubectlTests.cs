using System.Diagnostics;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>What a person sees with the real kubectl while the service runs: the printer columns and describe's conditions and events.</summary>
public sealed class KubectlTests
{
    [SkippableFact]
    public async Task Kubectl_get_es_shows_the_split_and_describe_shows_conditions_and_events()
    {
        Skip.If(Which("kubectl") is null, "kubectl is not on PATH");
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100));
        s.Load(_ => 12); // 40: 22 on ECS, 18 on ECI
        await s.RunAsync(TimeSpan.FromMinutes(2));

        var get = await Kubectl(s, "get", "es", "-n", Scenario.Ns);
        var lines = get.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "MIN", "MAX", "DESIRED", "ECS", "ECI", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["wordpress", "22", "100", "40", "22", "18"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]);

        var describe = await Kubectl(s, "describe", "es", "wordpress", "-n", Scenario.Ns);
        Assert.Contains("Conditions:", describe);
        Assert.Contains("ValidMetricFound", describe);
        Assert.Contains("Events:", describe);
        Assert.Contains("SuccessfulRescale", describe);
        Assert.Contains("BurstToEci", describe);
    }

    private static async Task<string> Kubectl(Scenario s, params string[] args)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(s.Cluster.Api.AdminKubeconfigPath);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(Path.Combine(s.Cluster.Api.Directory, "kubectl-cache"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(p.ExitCode == 0, $"kubectl {string.Join(' ', args)}: {await error}");
        return await output;
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
