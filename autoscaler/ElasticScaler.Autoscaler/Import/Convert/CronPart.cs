namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// A CronHorizontalPodAutoscaler as read: its target (a workload, or an HPA by name), its jobs in the order
/// written, and its excluded days. Turning jobs into windows needs the HPA it works with, so it happens at
/// the merge (<see cref="CronJobWindows"/>).
/// </summary>
public sealed class CronPart
{
    public required SourceRef Source { get; init; }
    public required TargetRef Target { get; init; }
    public required IReadOnlyList<CronJob> Jobs { get; init; }
    public required IReadOnlyList<string> ExcludeDates { get; init; }
    /// <summary>Names of runOnce jobs whose status says they already ran (state Succeed).</summary>
    public required IReadOnlySet<string> RanOnce { get; init; }

    public bool TargetsHpa => Target.Kind == SourceRef.Hpa;
}

/// <summary>One job: <c>spec.jobs[Index]</c>, its schedule as CronHPA reads it, the size it sets.</summary>
public sealed record CronJob(int Index, string Name, string Schedule, int TargetSize, bool RunOnce);
