using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElasticScaler.Demo.Processes;

/// <summary>
/// A program the demo runs as its own process, <c>dotnet exec DLL ARGS</c>, in a session and process group of its own
/// (<c>setsid</c>), so a Ctrl-C at the terminal reaches only the demo, which then stops the whole group: SIGTERM,
/// then SIGKILL after a grace. Output lines are kept (and copied to a log file when given).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StreamWriter? _log;
    private readonly Lock _logGate = new();

    private ChildProcess(string name, Process process, string? logPath)
    {
        Name = name;
        _process = process;
        if (logPath is not null)
            _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The process id, which is also its process group id (setsid makes it the group's leader).</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Starts <paramref name="dll"/> with <paramref name="args"/> in its own process group.</summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> args, string? logPath = null)
    {
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("dotnet");
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        // The child's settings come from its flags alone, not from whatever the demo's shell exported.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("ELASTICSCALER_", StringComparison.Ordinal) || k == "KUBECONFIG").ToList())
            psi.Environment.Remove(key);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"{name}: setsid dotnet exec {dll} did not start");
        return new ChildProcess(name, process, logPath);
    }

    /// <summary>The first output line that starts with <paramref name="prefix"/>, waiting up to <paramref name="within"/>.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
                return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before printing \"{prefix}\":\n{string.Join("\n", _lines.TakeLast(20))}");
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new TimeoutException($"{Name} printed no \"{prefix}\" line within {within.TotalSeconds:0} s:\n{string.Join("\n", _lines.TakeLast(20))}");
    }

    /// <summary>SIGTERM to the group, SIGKILL after the grace if any of it is left; returns once the process is reaped.</summary>
    public async Task StopAsync()
    {
        ProcessGroups.Signal(Pid, ProcessGroups.SigTerm);
        var deadline = DateTimeOffset.UtcNow + Grace;
        while (ProcessGroups.Alive(Pid) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(100).ConfigureAwait(false);
        if (ProcessGroups.Alive(Pid))
            ProcessGroups.Signal(Pid, ProcessGroups.SigKill);
        await _process.WaitForExitAsync().WaitAsync(Grace).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited || ProcessGroups.Alive(Pid))
            await StopAsync().ConfigureAwait(false);
        _process.Dispose();
        lock (_logGate)
            _log?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        while (_lines.Count > 2000 && _lines.TryDequeue(out _))
        {
        }
        lock (_logGate)
            _log?.WriteLine(line);
    }
}
