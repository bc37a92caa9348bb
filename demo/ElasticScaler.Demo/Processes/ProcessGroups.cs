using System.Runtime.InteropServices;

namespace ElasticScaler.Demo.Processes;

/// <summary>Signals to a whole process group (kill(2) with a negative pid), which .NET's Process API does not offer.</summary>
public static partial class ProcessGroups
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="pgid"/>; false when none is left.</summary>
    public static bool Signal(int pgid, int signal) => pgid > 1 && Kill(-pgid, signal) == 0;

    /// <summary>Whether any process of group <paramref name="pgid"/> is still alive (signal 0 only checks).</summary>
    public static bool Alive(int pgid) => Signal(pgid, 0);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
