namespace ElasticScaler.Core.Schedules;

/// <summary>
/// A spec's schedules parsed once (<see cref="ScheduleCompiler.Compile(IReadOnlyList{Spec.ScheduleSpec}, IReadOnlyList{string}, string?)"/>)
/// and reused for every decision. It remembers its last evaluation: the answer cannot change before the
/// next transition, so <see cref="ScheduleEvaluator.Evaluate(CompiledSchedules, DateTimeOffset)"/> costs a
/// comparison on almost every sync. Safe to share between threads: the memo is one immutable object
/// swapped by reference.
/// </summary>
public sealed class CompiledSchedules
{
    /// <summary>No schedules: every evaluation is <see cref="ScheduleEvaluation.None"/>.</summary>
    public static readonly CompiledSchedules Empty = new([]);

    private Memo? _memo;

    internal CompiledSchedules(CompiledSchedule[] items) => Items = items;

    internal CompiledSchedule[] Items { get; }

    public int Count => Items.Length;

    internal bool TryRecall(DateTimeOffset now, out ScheduleEvaluation evaluation)
    {
        var memo = Volatile.Read(ref _memo);
        if (memo is not null && now >= memo.From && (memo.Until is not { } until || now < until))
        {
            evaluation = memo.Result;
            return true;
        }
        evaluation = ScheduleEvaluation.None;
        return false;
    }

    internal void Remember(DateTimeOffset from, ScheduleEvaluation evaluation) =>
        Volatile.Write(ref _memo, new Memo(from, evaluation.NextTransition, evaluation));

    /// <summary>The evaluation made at <paramref name="From"/> holds until <paramref name="Until"/> (exclusive).</summary>
    private sealed record Memo(DateTimeOffset From, DateTimeOffset? Until, ScheduleEvaluation Result);
}
