using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElasticScaler.Demo.Tests.EndToEnd;

/// <summary>The demo as a person runs it, <c>dotnet elasticscaler-demo.dll ARGS</c>, output collected; killed by its id if a test leaves it.</summary>
public sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private DemoProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Output => string.Join("\n", _lines);

    public static DemoProcess Start(params string[] args)
    {
        if (!File.Exists(Repo.DemoDll))
            throw new FileNotFoundException($"{Repo.DemoDll} is not built", Repo.DemoDll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Repo.DemoDll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return new DemoProcess(Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>The first line starting with <paramref name="prefix"/>.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                return line;
            if (_process.HasExited)
                break;
            await Task.Delay(100);
        }
        throw new TimeoutException($"no line starting \"{prefix}\"; output so far:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        await _process.WaitForExitAsync().WaitAsync(within);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void KillHard() => _process.Kill(entireProcessTree: false);

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
