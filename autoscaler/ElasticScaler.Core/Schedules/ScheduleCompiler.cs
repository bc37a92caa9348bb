using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Schedules;

/// <summary>
/// Validates and parses <c>spec.schedules</c>, <c>spec.excludeDates</c> and <c>spec.timeZone</c>. Every
/// problem is reported at once, each as <c>path: value: why</c>, e.g.
/// <c>spec.schedules[1].start: "0 30 25 * * ?": hour values must be between 0 and 23</c>.
/// </summary>
public static class ScheduleCompiler
{
    /// <summary>Every problem with the schedule part of a spec; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<ScheduleSpec> schedules, IReadOnlyList<string> excludeDates, string? defaultTimeZone)
    {
        TryCompile(schedules, excludeDates, defaultTimeZone, out _, out var errors);
        return errors;
    }

    /// <summary>Parses the schedules once for reuse by <see cref="ScheduleEvaluator.Evaluate(CompiledSchedules, DateTimeOffset)"/>.</summary>
    /// <exception cref="ScheduleSpecException">When anything is invalid; it lists every problem.</exception>
    public static CompiledSchedules Compile(IReadOnlyList<ScheduleSpec> schedules, IReadOnlyList<string> excludeDates, string? defaultTimeZone) =>
        TryCompile(schedules, excludeDates, defaultTimeZone, out var compiled, out var errors)
            ? compiled
            : throw new ScheduleSpecException(errors);

    /// <summary>Compiles <c>spec.schedules</c> with the spec's excluded dates and default zone.</summary>
    public static CompiledSchedules Compile(ScalerSpec spec) => Compile(spec.Schedules, spec.ExcludeDates, spec.TimeZone);

    public static bool TryCompile(IReadOnlyList<ScheduleSpec> schedules, IReadOnlyList<string> excludeDates, string? defaultTimeZone,
        out CompiledSchedules compiled, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        if (!ZoneTime.TryResolve(defaultTimeZone, out var defaultZone, out var zoneError))
            problems.Add($"spec.timeZone: \"{defaultTimeZone}\": {zoneError}");

        // Excluded dates are days in each schedule's own zone, so they are parsed once per zone; their
        // errors are reported once, from the default zone's parse.
        var excludedByZone = new Dictionary<string, ExcludedDates>(StringComparer.Ordinal)
        {
            [defaultZone.Id] = ExcludedDates.Parse(excludeDates, defaultZone, problems),
        };
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new List<CompiledSchedule>(schedules.Count);

        for (int i = 0; i < schedules.Count; i++)
        {
            var s = schedules[i];
            var path = $"spec.schedules[{i}]";
            int before = problems.Count;

            if (string.IsNullOrWhiteSpace(s.Name))
                problems.Add($"{path}.name: \"{s.Name}\": must not be empty");
            else if (names.TryGetValue(s.Name, out var first))
                problems.Add($"{path}.name: \"{s.Name}\": duplicates spec.schedules[{first}].name");
            else
                names[s.Name] = i;

            var zone = defaultZone;
            if (s.TimeZone is not null && !ZoneTime.TryResolve(s.TimeZone, out zone, out var err))
            {
                problems.Add($"{path}.timeZone: \"{s.TimeZone}\": {err}");
                zone = defaultZone;
            }

            var start = ScheduleTimeText.Parse(s.Start, zone, out var startError);
            if (start is null) problems.Add($"{path}.start: \"{s.Start}\": {startError}");

            FireTimes? end = null;
            TimeSpan? duration = null;
            if (s.End is not null && s.Duration is not null)
            {
                problems.Add($"{path}.duration: \"{s.Duration}\": set either end or duration, not both");
            }
            else if (s.End is not null)
            {
                end = ScheduleTimeText.Parse(s.End, zone, out var endError);
                if (end is null) problems.Add($"{path}.end: \"{s.End}\": {endError}");
                else if (start is { IsOneOff: true } && end.IsOneOff && end.Next(start.Next(DateTimeOffset.MinValue)!.Value) is null)
                    problems.Add($"{path}.end: \"{s.End}\": is not after start \"{s.Start}\"");
            }
            else if (s.Duration is not null)
            {
                if (DurationText.TryParse(s.Duration, out var d, out var durationError)) duration = d;
                else problems.Add($"{path}.duration: \"{s.Duration}\": {durationError}");
            }
            else
            {
                problems.Add($"{path}.end: null: set end (a cron or date-time) or duration (such as \"2h30m\"); a window needs a close");
            }

            if (s.MinReplicas is null && s.MaxReplicas is null)
                problems.Add($"{path}.minReplicas: null: set minReplicas or maxReplicas; a window without either changes nothing");
            if (s.MinReplicas is < 0)
                problems.Add($"{path}.minReplicas: {s.MinReplicas}: must be 0 or more");
            if (s.MaxReplicas is < 1)
                problems.Add($"{path}.maxReplicas: {s.MaxReplicas}: must be 1 or more");
            if (s.MinReplicas is { } lo && s.MaxReplicas is { } hi && lo > hi)
                problems.Add($"{path}.minReplicas: {lo}: must not exceed maxReplicas {hi}");
            if (s.PrewarmSeconds is < 0)
                problems.Add($"{path}.prewarmSeconds: {s.PrewarmSeconds}: must be 0 or more");

            if (problems.Count != before || start is null) continue;

            if (!excludedByZone.TryGetValue(zone.Id, out var excluded))
                excludedByZone[zone.Id] = excluded = ExcludedDates.Parse(excludeDates, zone, errors: null);

            items.Add(new CompiledSchedule
            {
                Name = s.Name,
                Start = start,
                End = end,
                Duration = duration,
                Prewarm = TimeSpan.FromSeconds(s.PrewarmSeconds ?? 0),
                Excluded = excluded,
                MinReplicas = s.MinReplicas,
                MaxReplicas = s.MaxReplicas,
            });
        }

        errors = problems;
        compiled = problems.Count == 0 ? (items.Count == 0 ? CompiledSchedules.Empty : new CompiledSchedules([.. items])) : CompiledSchedules.Empty;
        return problems.Count == 0;
    }

}

/// <summary>Thrown by <see cref="ScheduleCompiler.Compile(IReadOnlyList{ScheduleSpec}, IReadOnlyList{string}, string?)"/>; lists every problem.</summary>
public sealed class ScheduleSpecException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
