using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElasticScaler.Deploy.Tests;

/// <summary>One Dockerfile instruction: its keyword, its flags (--from=build) and its arguments, continuation lines joined.</summary>
public sealed record Instruction(string Keyword, IReadOnlyDictionary<string, string> Flags, string Arguments)
{
    /// <summary>The exec form's JSON array, or the shell form's words.</summary>
    public IReadOnlyList<string> Words => Arguments.TrimStart().StartsWith('[')
        ? JsonSerializer.Deserialize<string[]>(Arguments)!
        : Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>A stage: from <see cref="Image"/>, named <see cref="Name"/>.</summary>
public sealed record Stage(string Image, string? Name, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);
    public Instruction? Last(string keyword) => Instructions.LastOrDefault(i => i.Keyword == keyword);
}

/// <summary>The repository's Dockerfile, read as the builder reads it (comments, continuations, stages, flags).</summary>
public static partial class Dockerfile
{
    public static IReadOnlyList<Stage> Read(string path)
    {
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        string? image = null, name = null;
        foreach (var line in Logical(File.ReadAllLines(path)))
        {
            var m = InstructionLine().Match(line);
            if (!m.Success) throw new InvalidDataException($"{path}: not an instruction: {line}");
            var keyword = m.Groups[1].Value.ToUpperInvariant();
            var rest = m.Groups[2].Value;
            var flags = new Dictionary<string, string>(StringComparer.Ordinal);
            while (Flag().Match(rest) is { Success: true } f)
            {
                flags[f.Groups[1].Value] = f.Groups[2].Value;
                rest = rest[f.Length..];
            }
            if (keyword == "FROM")
            {
                if (current is not null) stages.Add(new Stage(image!, name, current));
                var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                (image, name, current) = (words[0], words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, []);
                continue;
            }
            if (current is null)
            {
                if (keyword == "ARG") continue; // an ARG before the first FROM
                throw new InvalidDataException($"{path}: {keyword} before any FROM");
            }
            current.Add(new Instruction(keyword, flags, rest.Trim()));
        }
        if (current is not null) stages.Add(new Stage(image!, name, current));
        return stages;
    }

    /// <summary>COPY's sources (all words but the last) and its destination.</summary>
    public static (IReadOnlyList<string> Sources, string Destination) Copy(Instruction copy)
    {
        var words = copy.Words;
        return (words.Take(words.Count - 1).ToList(), words[^1]);
    }

    private static IEnumerable<string> Logical(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0)) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            pending += line;
            if (pending.Trim().Length > 0) yield return pending.Trim();
            pending = "";
        }
        if (pending.Trim().Length > 0) yield return pending.Trim();
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"^--([a-z-]+)=(\S+)\s+")]
    private static partial Regex Flag();
}

/// <summary>.dockerignore as the builder applies it to the build context (patterns with *, ** and a trailing /).</summary>
public sealed class DockerIgnore
{
    private readonly List<Regex> _patterns = [];

    public DockerIgnore(string path)
    {
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('!')) throw new NotSupportedException($"{path}: exceptions (!) are not read by this test; add them here first");
            var pattern = line.TrimEnd('/').TrimStart('/');
            var regex = Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal);
            // A directory pattern excludes everything below it.
            _patterns.Add(new Regex($"^{regex}(/.*)?$"));
        }
    }

    /// <summary>Whether a repository-relative path (with /) is left out of the build context.</summary>
    public bool Excludes(string relative) => _patterns.Any(p => p.IsMatch(relative.Replace('\\', '/').TrimStart('/')));
}
