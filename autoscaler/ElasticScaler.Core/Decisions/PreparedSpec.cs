using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.Schedules;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;
using ElasticScaler.Core.Validation;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// What can be worked out from a spec once per generation instead of once per sync: its problems, its compiled
/// schedules and its tolerances. The service keeps one per scaler and rebuilds it when the generation changes.
/// </summary>
public sealed class PreparedSpec
{
    private PreparedSpec(ScalerSpec spec, ControllerSettings settings, IReadOnlyList<string> errors, CompiledSchedules schedules, Tolerance tolerance)
    {
        Spec = spec;
        Settings = settings;
        Errors = errors;
        Schedules = schedules;
        Tolerance = tolerance;
    }

    /// <summary>The spec this was prepared from; a decision input must carry this very object as its spec.</summary>
    public ScalerSpec Spec { get; }
    /// <summary>The settings it was prepared with (the tolerance depends on them); a decision input must carry equal ones.</summary>
    public ControllerSettings Settings { get; }
    /// <summary>Every problem, "path: value: why"; a spec with any is not acted on.</summary>
    public IReadOnlyList<string> Errors { get; }
    public bool IsValid => Errors.Count == 0;
    public CompiledSchedules Schedules { get; }
    public Tolerance Tolerance { get; }

    public static PreparedSpec Prepare(ScalerSpec spec, ControllerSettings settings)
    {
        var errors = new List<string>(SpecValidator.Validate(spec));
        errors.AddRange(PlacementValidator.Validate(spec.Placement));
        ScheduleCompiler.TryCompile(spec.Schedules, spec.ExcludeDates, spec.TimeZone, out var schedules, out var scheduleErrors);
        errors.AddRange(scheduleErrors);
        return new PreparedSpec(spec, settings, errors, errors.Count == 0 ? schedules : CompiledSchedules.Empty,
            Tolerance.For(spec.Behavior, settings));
    }
}
