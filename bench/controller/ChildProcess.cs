using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElasticScaler.Bench.Controller;

/// <summary>A built program of this repository run as its own process (<c>dotnet exec DLL args</c>), its output kept; killed by its id on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 2000;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public IReadOnlyCollection<string> Lines => _lines;

    public static ChildProcess Start(string name, string dll, params string[] args) => StartIn(null, name, dll, args);

    /// <summary>
    /// Starts the program inside the cgroup whose <c>cgroup.procs</c> is <paramref name="cgroupProcs"/> (null: where
    /// this process is): a shell joins the group, then becomes the program (exec), so the runtime starts under the
    /// group's limits and the process id is the program's.
    /// </summary>
    public static ChildProcess StartIn(string? cgroupProcs, string name, string dll, params string[] args)
    {
        var info = new ProcessStartInfo(cgroupProcs is null ? "dotnet" : "sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (cgroupProcs is not null)
        {
            foreach (var a in new[] { "-c", "echo $$ > \"$0\" && exec dotnet \"$@\"", cgroupProcs }) info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // Nothing of this process's environment configures the service: it runs on its flags and defaults.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ELASTICSCALER_", StringComparison.Ordinal) || k == "KUBECONFIG").ToList())
            info.Environment.Remove(key);
        return new ChildProcess(Process.Start(info) ?? throw new BenchFailedException($"dotnet did not start {name}"), name);
    }

    /// <summary>The first output line that contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            if (_process.HasExited) break;
            await Task.Delay(50);
        }
        throw new BenchFailedException($"{Name}: no line with \"{text}\" within {within.TotalSeconds:0} s; its last lines:\n{Tail()}");
    }

    /// <summary>Throws when the process is gone: a run must not measure a dead process.</summary>
    public void EnsureRunning()
    {
        if (_process.HasExited) throw new BenchFailedException($"{Name} exited with code {_process.ExitCode}; its last lines:\n{Tail()}");
    }

    public string Tail(int lines = 20) => string.Join("\n", _lines.TakeLast(lines));

    private void Keep(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines) _lines.TryDequeue(out _);
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
