using System.Globalization;

namespace ElasticScaler.Bench.Controller;

/// <summary>What Linux says of a process: CPU time (utime + stime) and peak RSS (VmHWM); and the machine's load.</summary>
public static class ProcessStats
{
    /// <summary>USER_HZ: /proc's clock ticks per second (100 on every Linux the sim runs on).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU the process has used, from /proc/PID/stat.</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may hold spaces: count fields after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime (fields 14, 15)
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Peak resident set (VmHWM) in MiB.</summary>
    public static double PeakRssMib(int pid) => StatusKib(pid, "VmHWM:") / 1024.0;

    private static long StatusKib(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static (double One, double Five, double Fifteen) LoadAverage()
    {
        var f = File.ReadAllText("/proc/loadavg").Split(' ');
        return (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
    }
}
