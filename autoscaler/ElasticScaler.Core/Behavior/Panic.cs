using System.Collections.Immutable;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// Opt-in panic mode, after Knative KPA (pkg/autoscaler/scaling/autoscaler.go), over HPA's behavior.
/// Exact semantics, evaluated once per sync in the metric path (not when the target is at 0 or out of range):
/// <list type="number">
/// <item>Every sync whose metrics produced a proposal records it, with its time, in the history. The panic
/// proposal P is the average of the recorded proposals of the last <see cref="PanicSettings.Window"/>: those taken
/// less than a window before now, this sync's always included (KPA averages its panic window's buckets the same
/// way; the engine syncs every 15 s rather than ticking every 2 s, so the window's samples are syncs). With KPA's
/// 6 s default and 15 s syncs P is this sync's proposal. P is null when metrics failed.</item>
/// <item>The threshold is crossed when P / max(1, readyPods) &gt;= <see cref="PanicSettings.Threshold"/>
/// (KPA: dppc / readyPodsCount &gt;= PanicThreshold).</item>
/// <item>Crossing starts a panic (Since = now) or extends it (LastCrossed = now).</item>
/// <item>A panic ends at the first sync where the threshold is not crossed and LastCrossed +
/// <see cref="PanicSettings.StableWindow"/> is strictly before now (KPA: panicTime.Add(StableWindow).Before(now)).
/// A sync whose metrics failed counts as not crossed.</item>
/// <item>While panicking the desired count is max(current, proposal, ceil(P)) clamped to max: scale-up happens at
/// once, past stabilization and the rate policies, and there is no scale-in at all (KPA: max(stable, panic), never
/// down). HPA's recommendation and scale-event history is still recorded, so the stabilization window already
/// holds the surge when the panic ends and scale-down after it is as gradual as the behavior says.</item>
/// <item>Saturation (ours, opt-in with <see cref="PanicSettings.SaturationUtilization"/>): a utilization metric can
/// only read up to the pods' limit, so once the winning metric's reading is at or above the setting the proposal
/// is a floor of the demand, not an estimate (at a 60% target a saturated cpu proposal is at most 1.67 x the pods,
/// under KPA's 2.0 threshold, and each sync only climbs that far after the new pods are Ready and measured). A
/// saturated sync counts as crossing the threshold, and the target is at least the most the scale-up rate
/// policies allow this period (HPA's default behavior: double, or +4 pods), since nothing short of that can be
/// known to be enough. KPA has no such rule: its concurrency metric does not saturate.</item>
/// </list>
/// </summary>
public static class Panic
{
    /// <summary>
    /// At most this many proposals are kept: one per 15 s sync over the longest window the spec allows (1 h). A caller
    /// that decides more often than every 15 s averages the newest ones.
    /// </summary>
    public const int MaxProposals = 240;

    /// <summary>The longest <c>panic.window</c> the spec allows (KPA's longest window).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// The proposals of the last <paramref name="window"/>, oldest first: those older drop out, and this sync's
    /// <paramref name="proposal"/> (null when metrics failed: nothing to record) joins them.
    /// </summary>
    public static ImmutableArray<TimestampedRecommendation> Record(
        ImmutableArray<TimestampedRecommendation> proposals, int? proposal, TimeSpan window, DateTimeOffset now)
    {
        if (proposals.IsDefault) proposals = [];
        var since = now - window;
        int keepFrom = 0;
        while (keepFrom < proposals.Length && proposals[keepFrom].Timestamp <= since) keepFrom++;
        int kept = proposals.Length - keepFrom;
        if (proposal is not { } p) return keepFrom == 0 ? proposals : proposals.RemoveRange(0, keepFrom);
        if (kept >= MaxProposals) keepFrom += kept - MaxProposals + 1;
        var next = ImmutableArray.CreateBuilder<TimestampedRecommendation>(proposals.Length - keepFrom + 1);
        for (int i = keepFrom; i < proposals.Length; i++) next.Add(proposals[i]);
        next.Add(new TimestampedRecommendation(now, p));
        return next.MoveToImmutable();
    }

    /// <summary>The panic proposal: the average of the window's proposals, null when there is none.</summary>
    public static double? Average(ImmutableArray<TimestampedRecommendation> proposals)
    {
        if (proposals.IsDefaultOrEmpty) return null;
        long sum = 0;
        foreach (var r in proposals) sum += r.Replicas;
        return (double)sum / proposals.Length;
    }

    /// <summary>
    /// Advances the panic state for this sync. <paramref name="panicProposal"/> is null when metrics failed;
    /// <paramref name="saturated"/> (see <see cref="IsSaturated"/>) crosses the threshold too.
    /// </summary>
    public static PanicState Advance(PanicState state, PanicSettings settings, double? panicProposal, int readyPods, DateTimeOffset now, bool saturated = false)
    {
        if (saturated || IsOverThreshold(settings, panicProposal, readyPods))
            return new PanicState(state.Since ?? now, now);
        if (state.LastCrossed is { } last && last + settings.StableWindow < now)
            return PanicState.Calm;
        return state;
    }

    /// <summary>KPA's isOverPanicThreshold, with ready pods floored at 1 as KPA does.</summary>
    public static bool IsOverThreshold(PanicSettings settings, double? panicProposal, int readyPods) =>
        panicProposal is { } p && p / Math.Max(1, readyPods) >= settings.Threshold;

    /// <summary>
    /// Whether this sync's reading is saturated: the setting is on, metrics worked, and the winning metric's
    /// utilization (percent of request; null when it is not a utilization target) is at or above it.
    /// </summary>
    public static bool IsSaturated(PanicSettings settings, int? utilization) =>
        settings is { Enabled: true, SaturationUtilization: { } at } && utilization is { } u && u >= at;

    /// <summary>The panic proposal in replicas: the average rounded up, as KPA's dppc = ceil(panic average / target).</summary>
    public static int Replicas(double? panicProposal) => panicProposal is { } p ? (int)Math.Min(int.MaxValue, Math.Ceiling(p)) : 0;

    /// <summary>The count while panicking: never below current (no scale-in), at once up to the larger proposal, at most max.</summary>
    public static int Target(int current, int proposal, double? panicProposal, int max) =>
        Math.Min(max, Math.Max(current, Math.Max(proposal, Replicas(panicProposal))));
}

/// <summary>
/// <c>spec.behavior.panic</c> with defaults filled: threshold 2.0 (KPA's 200%), window 6 s (the span whose proposals
/// are averaged), stable window 60 s.
/// </summary>
public readonly record struct PanicSettings(bool Enabled, double Threshold, TimeSpan Window, TimeSpan StableWindow)
{
    /// <summary><c>panic.saturationUtilization</c>: null, no saturation rule (the default).</summary>
    public int? SaturationUtilization { get; init; }

    public const double DefaultThreshold = 2.0;
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan DefaultStableWindow = TimeSpan.FromSeconds(60);

    /// <summary>Panic off: no spec, or <c>enabled: false</c>.</summary>
    public static PanicSettings Disabled => new(false, DefaultThreshold, DefaultWindow, DefaultStableWindow);

    /// <summary>Fills the defaults. Throws <see cref="ArgumentException"/> naming the field when a duration does not parse.</summary>
    public static PanicSettings From(PanicSpec? spec)
    {
        if (spec is not { Enabled: true }) return Disabled;
        return new PanicSettings(
            true,
            spec.Threshold ?? DefaultThreshold,
            ParseOr(spec.Window, DefaultWindow, "spec.behavior.panic.window"),
            ParseOr(spec.StableWindow, DefaultStableWindow, "spec.behavior.panic.stableWindow"))
        {
            SaturationUtilization = spec.SaturationUtilization,
        };
    }

    private static TimeSpan ParseOr(string? text, TimeSpan fallback, string path)
    {
        if (text is null) return fallback;
        return GoDuration.TryParse(text, out var d)
            ? d
            : throw new ArgumentException($"{path}: \"{text}\": not a duration; write it as Go does, e.g. \"6s\" or \"1m30s\"", nameof(text));
    }
}
