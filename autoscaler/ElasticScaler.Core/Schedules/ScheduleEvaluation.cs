namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Which schedule windows are in force at one instant, what they do to the replica bounds, and when that
/// answer next changes. The same value holds for every instant up to <see cref="NextTransition"/>.
/// </summary>
/// <param name="Active">Windows in force, in spec order.</param>
/// <param name="Excluded">Schedules whose window would be in force but whose start fell on an excluded day.</param>
/// <param name="Floor">Largest minReplicas of the windows in force, or null.</param>
/// <param name="Ceiling">Largest maxReplicas of the windows in force, or null.</param>
/// <param name="NextTransition">Next instant any window opens or closes (for status), or null when none is known
/// within the search limits (<see cref="ScheduleLimits"/>).</param>
/// <param name="Reason">ScheduleWindowActive, ScheduleDateExcluded or NoScheduleWindow.</param>
/// <param name="Message">A lowercase sentence for conditions and <c>decide</c>.</param>
public sealed record ScheduleEvaluation(
    IReadOnlyList<ActiveWindow> Active,
    IReadOnlyList<string> Excluded,
    int? Floor,
    int? Ceiling,
    DateTimeOffset? NextTransition,
    string Reason,
    string Message)
{
    /// <summary>No schedules at all.</summary>
    public static readonly ScheduleEvaluation None =
        new([], [], null, null, null, Reasons.NoScheduleWindow, "no schedules");

    /// <summary>
    /// The spec's [min, max] with the windows applied. A window raises the floor to its minReplicas and the
    /// ceiling to its maxReplicas; it never lowers either. When the resulting floor is above the ceiling
    /// (a window's minReplicas above spec.maxReplicas and no larger window maxReplicas), the ceiling is
    /// raised to the floor, because a promotion window is the stronger, more recent intent: the result is
    /// never empty and <see cref="ScheduleBounds.CeilingRaisedToFloor"/> says so.
    /// </summary>
    public ScheduleBounds Apply(int specMin, int specMax)
    {
        int min = Floor is { } f && f > specMin ? f : specMin;
        int max = Ceiling is { } c && c > specMax ? c : specMax;
        bool raised = false;
        if (min > max)
        {
            max = min;
            raised = true;
        }
        return new ScheduleBounds(min, max, raised);
    }
}

/// <summary>One window in force.</summary>
/// <param name="Name">spec.schedules[].name.</param>
/// <param name="Start">The start fire that opened it (the latest one, when fires overlap).</param>
/// <param name="InForceFrom">Start minus prewarmSeconds.</param>
/// <param name="Closes">When it stops being in force (after any back-to-back windows of the same schedule).</param>
/// <param name="MinReplicas">The window's floor, or null.</param>
/// <param name="MaxReplicas">The window's ceiling, or null.</param>
public sealed record ActiveWindow(
    string Name,
    DateTimeOffset Start,
    DateTimeOffset InForceFrom,
    DateTimeOffset Closes,
    int? MinReplicas,
    int? MaxReplicas);

/// <summary>Replica bounds after the windows; <paramref name="CeilingRaisedToFloor"/> when a window's floor pushed the ceiling up.</summary>
public readonly record struct ScheduleBounds(int MinReplicas, int MaxReplicas, bool CeilingRaisedToFloor);

/// <summary>The search limits of the schedule engine, in one place so they can be documented and tested.</summary>
public static class ScheduleLimits
{
    /// <summary>
    /// How far back an end-bounded (start+end) window is looked for: 400 days. A window opened by a start
    /// fire longer ago than this whose end has not fired yet is not seen. Start+duration windows look back
    /// exactly their duration plus prewarm, so they have no such limit.
    /// </summary>
    public static readonly TimeSpan EndWindowLookBack = TimeSpan.FromDays(400);

    /// <summary>How many consecutive excluded start days are skipped before giving up (a bit over a year of days).</summary>
    public const int MaxExcludedSkips = 400;

    /// <summary>How many back-to-back windows of one schedule are chained when computing when it closes.</summary>
    public const int MaxChainedWindows = 32;
}
