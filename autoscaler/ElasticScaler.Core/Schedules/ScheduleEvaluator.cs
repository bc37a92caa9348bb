using System.Globalization;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Answers "which windows are in force at <c>now</c>". Windows are state derived from the clock, not
/// fire-once events: a controller that restarts in the middle of a window finds it in force again
/// (CronHPA loses it). A window is in force from start - prewarmSeconds until its close (start + duration,
/// or the first end fire after the start), unless its start fell on an excluded day in its zone.
/// Overlapping windows give the largest floor and the largest ceiling.
/// </summary>
public static class ScheduleEvaluator
{
    /// <summary>Evaluates compiled schedules; cheap on every call but the first after each transition.</summary>
    public static ScheduleEvaluation Evaluate(CompiledSchedules compiled, DateTimeOffset now)
    {
        if (compiled.Count == 0) return ScheduleEvaluation.None;
        if (compiled.TryRecall(now, out var remembered)) return remembered;

        var result = EvaluateUncached(compiled, now);
        compiled.Remember(now, result);
        return result;
    }

    /// <summary>Compiles and evaluates in one go; for one-off use (tests, <c>decide</c>). Services should compile once.</summary>
    /// <exception cref="ScheduleSpecException">When the schedules are invalid.</exception>
    public static ScheduleEvaluation Evaluate(IReadOnlyList<ScheduleSpec> schedules, IReadOnlyList<string> excludeDates,
        string? defaultTimeZone, DateTimeOffset now) =>
        Evaluate(ScheduleCompiler.Compile(schedules, excludeDates, defaultTimeZone), now);

    private static ScheduleEvaluation EvaluateUncached(CompiledSchedules compiled, DateTimeOffset now)
    {
        List<ActiveWindow>? active = null;
        List<string>? excluded = null;
        int? floor = null, ceiling = null;
        DateTimeOffset? next = null;

        foreach (var schedule in compiled.Items)
        {
            var state = schedule.StateAt(now);
            if (state.NextTransition is { } t && (next is null || t < next)) next = t;
            if (state.Active)
            {
                (active ??= []).Add(new ActiveWindow(schedule.Name, state.Start, state.Start - schedule.Prewarm, state.Closes,
                    schedule.MinReplicas, schedule.MaxReplicas));
                if (schedule.MinReplicas is { } lo && (floor is null || lo > floor)) floor = lo;
                if (schedule.MaxReplicas is { } hi && (ceiling is null || hi > ceiling)) ceiling = hi;
            }
            else if (state.Excluded)
            {
                (excluded ??= []).Add(schedule.Name);
            }
        }

        string nextText = next is { } n ? n.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) : "none known";
        if (active is not null)
        {
            var message = $"schedule window {string.Join(", ", active.Select(a => a.Name))} in force: floor {Show(floor)}, " +
                          $"ceiling {Show(ceiling)}; next transition {nextText}";
            return new ScheduleEvaluation(active, excluded ?? [], floor, ceiling, next, Reasons.ScheduleWindowActive, message);
        }
        if (excluded is not null)
        {
            return new ScheduleEvaluation([], excluded, null, null, next, Reasons.ScheduleDateExcluded,
                $"schedule window {string.Join(", ", excluded)} not opened: its start fell on an excluded date; next transition {nextText}");
        }
        return new ScheduleEvaluation([], [], null, null, next, Reasons.NoScheduleWindow,
            $"no schedule window in force; next transition {nextText}");
    }

    private static string Show(int? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "unchanged";
}
