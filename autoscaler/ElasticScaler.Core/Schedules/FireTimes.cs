using Quartz;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// The instants at which a start or end expression fires: the union of one or two Quartz cron expressions
/// in a zone, or one fixed instant (a one-off date). Quartz only searches forwards, so
/// <see cref="Latest"/> searches backwards by galloping and bisection over <see cref="Next"/>.
/// </summary>
internal sealed class FireTimes
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly CronExpression[] _crons;
    private readonly DateTimeOffset? _once;
    private readonly TimeZoneInfo _zone;

    private FireTimes(CronExpression[] crons, DateTimeOffset? once, TimeZoneInfo zone)
    {
        _crons = crons;
        _once = once;
        _zone = zone;
    }

    public static FireTimes Cron(CronExpression[] crons, TimeZoneInfo zone) => new(crons, null, zone);

    public static FireTimes Once(DateTimeOffset instant, TimeZoneInfo zone) => new([], instant, zone);

    public bool IsOneOff => _once.HasValue;

    /// <summary>The first fire strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (_once is { } once) return once > after ? once : null;
        while (true)
        {
            DateTimeOffset? best = null;
            for (int i = 0; i < _crons.Length; i++)
            {
                var f = _crons[i].GetNextValidTimeAfter(after);
                if (f is { } v && (best is null || v < best.Value)) best = v;
            }
            // Quartz returns the second pass of a repeated fall-back hour for some queries and not others,
            // so the state at t would depend on where we searched from; we keep only the first pass.
            if (best is not { } b || !ZoneTime.IsSecondPass(b, _zone)) return best;
            after = b;
        }
    }

    /// <summary>
    /// The latest fire in [<paramref name="notBefore"/>, <paramref name="atOrBefore"/>], or null.
    /// Costs about 2·log2(span in seconds) calls of <see cref="Next"/> (about 50 for a year), which is why
    /// callers cache the answer until the next transition.
    /// </summary>
    public DateTimeOffset? Latest(DateTimeOffset atOrBefore, DateTimeOffset notBefore)
    {
        if (atOrBefore < notBefore) return null;
        if (_once is { } once) return once >= notBefore && once <= atOrBefore ? once : null;

        // Quartz fires on whole seconds: the latest fire <= T is the latest fire <= T floored to the second.
        var t = new DateTimeOffset(atOrBefore.UtcTicks - atOrBefore.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        // Searching from a = T - k: Next(a) <= T holds for every k past the gap before the latest fire, and
        // for no k inside it. Gallop k = 1, 2, 4, ... until it holds, then bisect to the smallest such k.
        long span = (long)Math.Ceiling((t - notBefore).TotalSeconds) + 1;
        long kFalse = 0, kTrue = 0, k = 1;
        DateTimeOffset? found = null;
        while (true)
        {
            if (k >= span) k = span;
            var f = Next(t - k * Second);
            if (f is { } v && v <= t)
            {
                kTrue = k;
                found = v;
                break;
            }
            if (k == span) return null;
            kFalse = k;
            k *= 2;
        }
        while (kTrue - kFalse > 1)
        {
            long mid = kFalse + (kTrue - kFalse) / 2;
            var f = Next(t - mid * Second);
            if (f is { } v && v <= t)
            {
                kTrue = mid;
                found = v;
            }
            else
            {
                kFalse = mid;
            }
        }
        return found >= notBefore ? found : null;
    }
}
