using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElasticScaler.Deploy.Tests;

/// <summary>The service as its own process (<c>dotnet elasticscaler.dll ARGS</c> with exactly the given environment), output collected, killed by its id on dispose.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public static ServiceProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> env)
    {
        if (!File.Exists(Repo.ServiceDll)) throw new FileNotFoundException($"{Repo.ServiceDll} is not built", Repo.ServiceDll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Repo.ServiceDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Only what the Deployment sets: nothing of the test's own environment configures the service.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ELASTICSCALER_", StringComparison.Ordinal) || k.StartsWith("KUBERNETES_", StringComparison.Ordinal) || k == "KUBECONFIG").ToList())
            psi.Environment.Remove(key);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return new ServiceProcess(Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public async Task<string> WaitForLineAsync(string text, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            if (_process.HasExited) break;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no line with \"{text}\"; output so far:\n" + string.Join("\n", _lines));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        _process.Dispose();
    }
}
