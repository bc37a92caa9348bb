using System.Globalization;

namespace ElasticScaler.Demo.Tests.EndToEnd;

/// <summary>What a run could leave behind: live processes (by id, and their process groups) and folders.</summary>
public static class Leftovers
{
    /// <summary>Whether a process with this id exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
            return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Every process whose process group is <paramref name="pgid"/> (the demo's children lead their own groups).</summary>
    public static IReadOnlyList<int> InGroup(int pgid) =>
        [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid => GroupOf(pid) == pgid && Alive(pid))];

    /// <summary>The pids the demo printed for its children ("sim: pid N", "service: pid N").</summary>
    public static IReadOnlyList<int> ChildPids(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith("sim: pid ", StringComparison.Ordinal) || l.StartsWith("service: pid ", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture))];

    /// <summary>The temp folder the demo printed in its first line (export KUBECONFIG=DIR/kubeconfig).</summary>
    public static string TempFolder(string output) =>
        Path.GetDirectoryName(output.Split('\n').First(l => l.StartsWith("export KUBECONFIG=", StringComparison.Ordinal))["export KUBECONFIG=".Length..])!;

    /// <summary>Waits until none of <paramref name="pids"/> (nor anything in their groups) is alive; returns those still alive.</summary>
    public static async Task<IReadOnlyList<int>> AfterAsync(IEnumerable<int> pids, TimeSpan within)
    {
        var list = pids.ToList();
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var alive = list.Where(Alive).Concat(list.SelectMany(InGroup)).Distinct().ToList();
            if (alive.Count == 0 || DateTimeOffset.UtcNow > deadline)
                return alive;
            await Task.Delay(200);
        }
    }

    private static int GroupOf(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[2], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return -1;
        }
    }
}
