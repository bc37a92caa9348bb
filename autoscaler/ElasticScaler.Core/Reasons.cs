namespace ElasticScaler.Core;

/// <summary>
/// Every reason token the engine emits, in one table shared by conditions, events, <c>decide</c> output and
/// metric labels. HPA's word is reused wherever HPA has the concept; new words only for new ideas.
/// A test checks that every constant's value equals its name.
/// </summary>
public static class Reasons
{
    // AbleToScale (HPA)
    public const string SucceededGetScale = nameof(SucceededGetScale);
    public const string SucceededRescale = nameof(SucceededRescale);
    public const string ReadyForNewScale = nameof(ReadyForNewScale);
    public const string ScaleUpStabilized = nameof(ScaleUpStabilized);
    public const string ScaleDownStabilized = nameof(ScaleDownStabilized);
    public const string FailedGetScale = nameof(FailedGetScale);
    public const string FailedUpdateScale = nameof(FailedUpdateScale);

    // ScalingActive (HPA)
    public const string ValidMetricFound = nameof(ValidMetricFound);
    public const string InvalidSelector = nameof(InvalidSelector);
    public const string AmbiguousSelector = nameof(AmbiguousSelector);
    public const string FailedGetResourceMetric = nameof(FailedGetResourceMetric);
    public const string FailedGetContainerResourceMetric = nameof(FailedGetContainerResourceMetric);
    public const string FailedGetPodsMetric = nameof(FailedGetPodsMetric);
    public const string FailedGetObjectMetric = nameof(FailedGetObjectMetric);
    public const string FailedGetExternalMetric = nameof(FailedGetExternalMetric);
    public const string FailedGetPrometheusMetric = nameof(FailedGetPrometheusMetric);
    public const string InvalidMetricSourceType = nameof(InvalidMetricSourceType);
    public const string ScalingDisabled = nameof(ScalingDisabled);
    public const string InvalidSpec = nameof(InvalidSpec);

    // ScalingLimited (HPA)
    public const string TooFewReplicas = nameof(TooFewReplicas);
    public const string TooManyReplicas = nameof(TooManyReplicas);
    public const string ScaleUpLimit = nameof(ScaleUpLimit);
    public const string ScaleDownLimit = nameof(ScaleDownLimit);
    public const string DesiredWithinRange = nameof(DesiredWithinRange);

    // Events (HPA)
    public const string SuccessfulRescale = nameof(SuccessfulRescale);
    public const string FailedRescale = nameof(FailedRescale);
    public const string FailedComputeMetricsReplicas = nameof(FailedComputeMetricsReplicas);

    // Ours: schedules, panic, fallback, pause
    public const string ScheduleWindowActive = nameof(ScheduleWindowActive);
    public const string NoScheduleWindow = nameof(NoScheduleWindow);
    public const string ScheduleDateExcluded = nameof(ScheduleDateExcluded);
    public const string PanicMode = nameof(PanicMode);
    public const string FallbackActive = nameof(FallbackActive);
    public const string StableMode = nameof(StableMode);           // Panic=False (KPA's word for not panicking)
    public const string NoFallbackFound = nameof(NoFallbackFound); // Fallback=False (KEDA's word)
    public const string Paused = nameof(Paused);
    public const string PausedReplicas = nameof(PausedReplicas);

    // Ours: placement
    public const string EcsFirst = nameof(EcsFirst);
    public const string EciBurst = nameof(EciBurst);
    public const string EciDisabled = nameof(EciDisabled);
    public const string EciBudgetExhausted = nameof(EciBudgetExhausted);
    public const string EciCreateRateLimited = nameof(EciCreateRateLimited);
    public const string EciReleasedFirst = nameof(EciReleasedFirst);
    public const string RatioSplit = nameof(RatioSplit);
    public const string FixedSplit = nameof(FixedSplit);
    public const string PendingTimeout = nameof(PendingTimeout);
    public const string DrainBack = nameof(DrainBack);
    public const string DrainBackWaiting = nameof(DrainBackWaiting);

    // Ours: the service's events and conditions around the twin workload
    public const string PlacementUnsupported = nameof(PlacementUnsupported); // PlacementActive=False: the target kind has no pod template to twin
    public const string BurstToEci = nameof(BurstToEci);
    public const string ReleasedEci = nameof(ReleasedEci);
    public const string DrainedBack = nameof(DrainedBack);
    public const string ScheduleStarted = nameof(ScheduleStarted);
    public const string ScheduleEnded = nameof(ScheduleEnded);
    public const string EciWorkloadCreated = nameof(EciWorkloadCreated);
    public const string EciWorkloadUpdated = nameof(EciWorkloadUpdated);
    public const string HandingBack = nameof(HandingBack);
    public const string HandBackWaiting = nameof(HandBackWaiting);
    public const string HandedBack = nameof(HandedBack);
}
