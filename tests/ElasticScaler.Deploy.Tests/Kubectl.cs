using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ElasticScaler.Deploy.Tests;

/// <summary>The result of one kubectl run.</summary>
public sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;

    public KubectlResult Ok(string what)
    {
        Assert.True(ExitCode == 0, $"kubectl {what} exited {ExitCode}: {Output}");
        return this;
    }
}

/// <summary>The real kubectl (v1.32): kustomize builds without a server, everything else against a kubeconfig.</summary>
public sealed class Kubectl(string? kubeconfig, string cacheDir)
{
    /// <summary>The kubectl on PATH, or null (the tests that need it are then skipped).</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);

    public const string Missing = "kubectl is not on PATH; these tests need the real kubectl (v1.32) and its kustomize";

    /// <summary><c>kubectl kustomize DIR</c>: what <c>kubectl apply -k DIR</c> would send, as objects.</summary>
    public static List<JsonObject> Kustomize(params string[] dir)
    {
        var r = new Kubectl(null, System.IO.Path.GetTempPath()).Run("kustomize", Repo.Path(dir)).Ok("kustomize " + string.Join('/', dir));
        return Yaml.Documents(r.Stdout);
    }

    public KubectlResult Run(params string[] args) => RunWith(null, args);

    public KubectlResult RunWith(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(Find() ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null, UseShellExecute = false };
        if (kubeconfig is not null)
        {
            psi.ArgumentList.Add("--kubeconfig");
            psi.ArgumentList.Add(kubeconfig);
            psi.ArgumentList.Add("--cache-dir");
            psi.ArgumentList.Add(cacheDir);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = cacheDir;
        psi.Environment.Remove("KUBECONFIG");
        using var p = Process.Start(psi)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in 90 s");
        }
        return new KubectlResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
