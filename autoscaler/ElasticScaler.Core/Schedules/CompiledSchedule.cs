namespace ElasticScaler.Core.Schedules;

/// <summary>One schedule, parsed once: fire times in its zone, its excluded days, its close rule.</summary>
internal sealed class CompiledSchedule
{
    public required string Name { get; init; }
    public required FireTimes Start { get; init; }
    /// <summary>Set for start+end windows.</summary>
    public FireTimes? End { get; init; }
    /// <summary>Set for start+duration windows.</summary>
    public TimeSpan? Duration { get; init; }
    public TimeSpan Prewarm { get; init; }
    public required ExcludedDates Excluded { get; init; }
    public int? MinReplicas { get; init; }
    public int? MaxReplicas { get; init; }

    /// <summary>The state of this schedule at <paramref name="now"/>.</summary>
    public ScheduleState StateAt(DateTimeOffset now)
    {
        var horizon = now + Prewarm;
        DateTimeOffset notBefore;
        if (Duration is { } d)
        {
            // Only starts after now - duration can still be open.
            notBefore = now - d + TimeSpan.FromTicks(1);
        }
        else
        {
            // The window of a start s closes at the first end after s, so it is open at now exactly when no
            // end fired in (s, now]: s must not be older than the latest end at or before now.
            var lastEnd = End!.Latest(now, now - ScheduleLimits.EndWindowLookBack);
            notBefore = lastEnd ?? now - ScheduleLimits.EndWindowLookBack;
        }

        var start = LatestOpening(horizon, notBefore, out bool excluded);
        if (start is { } s && Close(s) is { } close && close > now)
        {
            // Back-to-back windows of the same schedule (a start in force before the previous close) are one
            // stretch for status: chain to the close of the last of them.
            var closes = close;
            var current = s;
            for (int hop = 0; hop < ScheduleLimits.MaxChainedWindows; hop++)
            {
                var from = Duration is null ? closes : current + TimeSpan.FromTicks(1);
                if (LatestOpening(closes + Prewarm, from, out _) is not { } next || next <= current) break;
                if (Close(next) is not { } nextClose || nextClose <= closes) break;
                closes = nextClose;
                current = next;
            }
            return new ScheduleState(true, s, closes, false, closes);
        }

        // A start with no end after it opens nothing (say, a recurring start whose one-off end has passed).
        var opens = NextOpening(horizon);
        if (opens is { } o && Close(o) is null) opens = null;
        return new ScheduleState(false, default, default, excluded, opens - Prewarm);
    }

    private DateTimeOffset? Close(DateTimeOffset start) => Duration is { } d ? start + d : End!.Next(start);

    /// <summary>The latest start in [notBefore, atOrBefore] not on an excluded day; <paramref name="excluded"/>
    /// when the latest start there was on an excluded day.</summary>
    private DateTimeOffset? LatestOpening(DateTimeOffset atOrBefore, DateTimeOffset notBefore, out bool excluded)
    {
        excluded = false;
        var s = Start.Latest(atOrBefore, notBefore);
        for (int i = 0; s is { } v && i < ScheduleLimits.MaxExcludedSkips; i++)
        {
            if (!Excluded.IsExcluded(v)) return v;
            excluded = true;
            s = Start.Latest(Excluded.StartOfDayOf(v).AddTicks(-1), notBefore);
        }
        return null;
    }

    /// <summary>The first start strictly after <paramref name="after"/> not on an excluded day.</summary>
    private DateTimeOffset? NextOpening(DateTimeOffset after)
    {
        var s = Start.Next(after);
        for (int i = 0; s is { } v && i < ScheduleLimits.MaxExcludedSkips; i++)
        {
            if (!Excluded.IsExcluded(v)) return v;
            s = Start.Next(Excluded.StartOfNextDayOf(v).AddSeconds(-1));
        }
        return null;
    }
}

/// <summary>One schedule at one instant: in force (from <paramref name="Start"/> until <paramref name="Closes"/>) or
/// not; <paramref name="Excluded"/> when its window was kept shut by an excluded day.</summary>
internal readonly record struct ScheduleState(bool Active, DateTimeOffset Start, DateTimeOffset Closes, bool Excluded, DateTimeOffset? NextTransition);
