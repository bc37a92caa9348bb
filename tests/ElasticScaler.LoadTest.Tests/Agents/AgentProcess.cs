using System.Collections.Concurrent;
using System.Diagnostics;

namespace ElasticScaler.LoadTest.Tests.Agents;

/// <summary>The built CLI run as its own process, <c>agent --listen 127.0.0.1:0</c>; killed by its id on dispose.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private AgentProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>host:port the agent listens on.</summary>
    public string Address { get; private set; } = "";

    public int Id => _process.Id;

    public static async Task<AgentProcess> StartAsync()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Dll(), "agent", "--listen", "127.0.0.1:0" })
        {
            info.ArgumentList.Add(a);
        }

        var agent = new AgentProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
        const string Prefix = "agent: listening on ";
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline && !agent._process.HasExited)
        {
            if (agent._lines.FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal)) is { } line)
            {
                agent.Address = new Uri(line[Prefix.Length..]).Authority;
                return agent;
            }

            await Task.Delay(50);
        }

        var output = string.Join("\n", agent._lines);
        await agent.DisposeAsync();
        throw new TimeoutException("the agent did not report its address; output:\n" + output);
    }

    /// <summary>Freezes the agent (SIGSTOP, by its id): alive, connected, silent, as a starved or swapped-out generator.</summary>
    public void Freeze()
    {
        using var kill = Process.Start("kill", ["-STOP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGTERM (by its id), as a stopped pod, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(within);
        return _process.ExitCode;
    }

    /// <summary>Kills the agent now (SIGKILL), as a crashed pod.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }

        _process.Dispose();
    }

    /// <summary>A path in the repository, found from the test's output folder.</summary>
    public static string RepoPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ElasticScaler.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("ElasticScaler.sln not found above " + AppContext.BaseDirectory), .. parts]);
    }

    /// <summary>The CLI's build output (the test project references it, so it is built first), in this test's configuration.</summary>
    public static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = RepoPath("loadtest", "ElasticScaler.LoadTest.Cli", "bin", configuration, "net10.0", "elasticscaler-loadtest.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; dotnet build the solution first", path);
    }
}
