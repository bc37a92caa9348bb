using System.Diagnostics;

namespace ElasticScaler.Demo.Processes;

/// <summary>
/// What tears the demo down when the demo itself cannot: a small shell in its own session that reads the process
/// groups of the demo's children from a pipe the demo holds. If the demo dies (even by SIGKILL) the pipe closes, and
/// the reaper stops every group it was told of (SIGTERM, then SIGKILL) and deletes the temp folder. At a normal end
/// the demo stops the groups itself and tells the reaper "done", and it exits at once. No product flag is needed.
/// </summary>
public sealed class Reaper : IAsyncDisposable
{
    // POSIX sh (dash): its kill takes no "--", and a negative id after the signal option names a process group.
    private const string Script = """
        groups=""
        while read -r g; do
          [ "$g" = done ] && exit 0
          groups="$groups -$g"
        done
        if [ -n "$groups" ]; then
          kill -TERM $groups 2>/dev/null
          i=0
          while [ $i -lt 50 ] && kill -0 $groups 2>/dev/null; do sleep 0.1; i=$((i+1)); done
          kill -KILL $groups 2>/dev/null
        fi
        rm -rf -- "$1"
        """;

    private readonly Process _process;

    private Reaper(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts the reaper; <paramref name="tempFolder"/> is deleted if the demo dies.</summary>
    public static Reaper Start(string tempFolder)
    {
        var psi = new ProcessStartInfo("setsid") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "sh", "-c", Script, "elasticscaler-demo-reaper", tempFolder })
            psi.ArgumentList.Add(a);
        return new Reaper(Process.Start(psi) ?? throw new InvalidOperationException("setsid sh did not start"));
    }

    /// <summary>Tells the reaper of a child's process group.</summary>
    public void Watch(ChildProcess child)
    {
        _process.StandardInput.WriteLine(child.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _process.StandardInput.Flush();
    }

    /// <summary>The demo has stopped its children itself: the reaper exits without touching anything.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("done").ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The reaper already ended.
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
    }
}
