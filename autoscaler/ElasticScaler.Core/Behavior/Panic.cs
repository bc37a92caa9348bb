using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Behavior;

/// <summary>
/// Opt-in panic mode, after Knative KPA (pkg/autoscaler/scaling/autoscaler.go), over HPA's behavior.
/// Exact semantics, evaluated once per sync in the metric path (not when the target is at 0 or out of range):
/// <list type="number">
/// <item>The panic proposal P is the metric proposal over the short <see cref="PanicSettings.Window"/> when the
/// metric layer supplies one, else the sync's proposal. P is null when metrics failed.</item>
/// <item>The threshold is crossed when P / max(1, readyPods) &gt;= <see cref="PanicSettings.Threshold"/>
/// (KPA: dppc / readyPodsCount &gt;= PanicThreshold).</item>
/// <item>Crossing starts a panic (Since = now) or extends it (LastCrossed = now).</item>
/// <item>A panic ends at the first sync where the threshold is not crossed and LastCrossed +
/// <see cref="PanicSettings.StableWindow"/> is strictly before now (KPA: panicTime.Add(StableWindow).Before(now)).
/// A sync whose metrics failed counts as not crossed.</item>
/// <item>While panicking the desired count is max(current, proposal, P) clamped to max: scale-up happens at once,
/// past stabilization and the rate policies, and there is no scale-in at all. HPA's recommendation and scale-event
/// history is still recorded, so the stabilization window already holds the surge when the panic ends and
/// scale-down after it is as gradual as the behavior says.</item>
/// </list>
/// </summary>
public static class Panic
{
    /// <summary>Advances the panic state for this sync. <paramref name="panicProposal"/> is null when metrics failed.</summary>
    public static PanicState Advance(PanicState state, PanicSettings settings, int? panicProposal, int readyPods, DateTimeOffset now)
    {
        if (IsOverThreshold(settings, panicProposal, readyPods))
            return new PanicState(state.Since ?? now, now);
        if (state.LastCrossed is { } last && last + settings.StableWindow < now)
            return PanicState.Calm;
        return state;
    }

    /// <summary>KPA's isOverPanicThreshold, with ready pods floored at 1 as KPA does.</summary>
    public static bool IsOverThreshold(PanicSettings settings, int? panicProposal, int readyPods) =>
        panicProposal is { } p && (double)p / Math.Max(1, readyPods) >= settings.Threshold;

    /// <summary>The count while panicking: never below current (no scale-in), at once up to the larger proposal, at most max.</summary>
    public static int Target(int current, int proposal, int? panicProposal, int max) =>
        Math.Min(max, Math.Max(current, Math.Max(proposal, panicProposal ?? 0)));
}

/// <summary>
/// <c>spec.behavior.panic</c> with defaults filled: threshold 2.0 (KPA's 200%), window 6 s, stable window 60 s.
/// </summary>
public readonly record struct PanicSettings(bool Enabled, double Threshold, TimeSpan Window, TimeSpan StableWindow)
{
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
            ParseOr(spec.StableWindow, DefaultStableWindow, "spec.behavior.panic.stableWindow"));
    }

    private static TimeSpan ParseOr(string? text, TimeSpan fallback, string path)
    {
        if (text is null) return fallback;
        return GoDuration.TryParse(text, out var d)
            ? d
            : throw new ArgumentException($"{path}: \"{text}\": not a duration; write it as Go does, e.g. \"6s\" or \"1m30s\"", nameof(text));
    }
}
