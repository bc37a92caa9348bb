using System.Text.RegularExpressions;
using ElasticScaler.Core.Model;

namespace ElasticScaler.Bench.Controller;

/// <summary>
/// The service's container memory limit, made real: a memory cgroup with the limit of deploy/manager's container,
/// which the service is started inside. The .NET runtime reads the limit as it does in a pod (its GC heap limit
/// becomes 75% of it, and it collects harder as it nears it), and the kernel enforces it: a service that needs
/// more is killed, and the run fails. Needs root and a writable memory controller (cgroup v1, or v2 with memory
/// delegated at the root); where there is none the run goes on unlimited and says so.
/// </summary>
public sealed partial class MemoryCgroup : IDisposable
{
    private readonly string _dir;

    private MemoryCgroup(string dir, string procs, long limitBytes)
    {
        _dir = dir;
        ProcsPath = procs;
        LimitBytes = limitBytes;
    }

    /// <summary>Where a process writes its pid to join the group.</summary>
    public string ProcsPath { get; }

    public long LimitBytes { get; }

    /// <summary>The container's memory limit in deploy/manager/deployment.yaml (resources.limits.memory).</summary>
    public static long ManifestLimitBytes()
    {
        var path = Builds.RepoPath("deploy", "manager", "deployment.yaml");
        var match = ManifestLimit().Match(File.ReadAllText(path));
        if (!match.Success || !Quantity.TryParse(match.Groups[1].Value, out var q) || q.Value <= 0)
            throw new BenchFailedException($"{path}: no resources.limits.memory found for the service's container");
        return (long)q.Value;
    }

    /// <summary>A fresh group limited to <paramref name="limitBytes"/>, or null and why not.</summary>
    public static MemoryCgroup? TryCreate(long limitBytes, out string? whyNot)
    {
        var name = $"elasticscaler-bench-{Environment.ProcessId}";
        try
        {
            if (Directory.Exists("/sys/fs/cgroup/memory") && File.Exists("/sys/fs/cgroup/memory/cgroup.procs"))
            {
                var dir = Path.Combine("/sys/fs/cgroup/memory", name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), limitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                whyNot = null;
                return new MemoryCgroup(dir, Path.Combine(dir, "cgroup.procs"), limitBytes);
            }
            if (File.Exists("/sys/fs/cgroup/cgroup.subtree_control") && File.ReadAllText("/sys/fs/cgroup/cgroup.subtree_control").Split(' ', '\n').Contains("memory"))
            {
                var dir = Path.Combine("/sys/fs/cgroup", name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "memory.max"), limitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                whyNot = null;
                return new MemoryCgroup(dir, Path.Combine(dir, "cgroup.procs"), limitBytes);
            }
            whyNot = "no writable memory cgroup controller on this machine";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cannot make a memory cgroup ({e.Message}; it needs root)";
            return null;
        }
    }

    public void Dispose()
    {
        // The group can go once its processes have: the service is stopped before this runs; give the kernel a moment.
        for (int i = 0; i < 20 && Directory.Exists(_dir); i++)
        {
            try
            {
                Directory.Delete(_dir);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    [GeneratedRegex(@"limits:\s*\{[^}]*\bmemory:\s*""?([0-9.]+[A-Za-z]*)""?")]
    private static partial Regex ManifestLimit();
}
