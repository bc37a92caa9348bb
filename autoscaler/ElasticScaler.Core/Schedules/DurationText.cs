using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Schedules;

/// <summary>A window's length: <see cref="GoDuration"/>'s grammar, and it must be longer than zero.</summary>
internal static class DurationText
{
    public const string Examples = "expected " + GoDuration.Examples;

    public static bool TryParse(string? text, out TimeSpan duration, out string? error)
    {
        if (!GoDuration.TryParse(text, out duration))
        {
            error = Examples;
            return false;
        }
        error = duration > TimeSpan.Zero ? null : "must be longer than zero";
        return error is null;
    }
}
