using System.Diagnostics;

namespace ElasticScaler.Sim.Tests.Kubectl;

/// <summary>The result of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs the real kubectl against a sim, with a private cache directory (the cache key is host:port).</summary>
public sealed class KubectlRunner(string kubeconfig, string cacheDir)
{
    /// <summary>The kubectl on PATH, or null when there is none (the battery is then skipped).</summary>
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "kubectl");
            if (File.Exists(p))
                return p;
        }
        return null;
    }

    public KubectlResult Run(params string[] args) => RunWith(kubeconfig, null, args);

    public KubectlResult RunWith(string config, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(Find() ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--kubeconfig");
        psi.ArgumentList.Add(config);
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(cacheDir);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = cacheDir;
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 60 s");
        }
        return new KubectlResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
