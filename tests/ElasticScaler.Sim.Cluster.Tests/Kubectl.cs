using System.Diagnostics;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>Runs the real kubectl (from PATH) against a sim with a private cache directory; null Path when there is none.</summary>
public sealed class Kubectl(string kubeconfig, string cacheDir)
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    public (int Exit, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Path ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--kubeconfig", kubeconfig, "--cache-dir", cacheDir, .. args])
            psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = cacheDir;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 60 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public string Ok(params string[] args)
    {
        var (exit, output, err) = Run(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}: {err}{output}");
        return output;
    }
}
