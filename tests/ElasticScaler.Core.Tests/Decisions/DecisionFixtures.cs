using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Decisions;

/// <summary>A workload of N running, ready pods requesting 1 CPU each, whose usage is a given share of it.</summary>
public static class DecisionFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = Now.AddHours(-6);

    /// <summary>The scale's status.selector of the "shop" Deployment; its pods carry app=shop.</summary>
    public const string Selector = "app=shop";

    public static ScalerSpec NewSpec(int min = 2, int max = 20, int targetPercent = 60) => new()
    {
        ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "shop" },
        MinReplicas = min,
        MaxReplicas = max,
        Metrics =
        [
            new MetricSpec
            {
                Type = MetricSourceType.Resource,
                Resource = new ResourceMetricSource
                {
                    Name = "cpu",
                    Target = new MetricTarget { Type = MetricTargetType.Utilization, AverageUtilization = targetPercent },
                },
            },
        ],
    };

    public static PodState Pod(int i, string? node = null) => new()
    {
        Name = $"shop-{i}",
        Phase = PodPhase.Running,
        CreationTimestamp = LongAgo,
        StartTime = LongAgo,
        Ready = new PodCondition(true, LongAgo.AddSeconds(20)),
        Scheduled = new PodCondition(true, LongAgo),
        NodeName = node ?? "ecs-1",
        Labels = new Dictionary<string, string> { ["app"] = "shop" },
        Containers = [new ContainerRequests { Name = "app", Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1") } }],
    };

    public static PodMetricsSample Usage(int i, long milliCpu, DateTimeOffset at) => new()
    {
        PodName = $"shop-{i}",
        Timestamp = at.AddSeconds(-10),
        Containers = [new ContainerUsage("app", new Dictionary<string, Quantity> { ["cpu"] = Quantity.FromMilli(milliCpu) })],
    };

    /// <summary>A decision input for <paramref name="replicas"/> pods sharing <paramref name="totalMilliCpu"/> exactly (the
    /// remainder of the division goes one milli-CPU each to the first pods), so the load is the same whatever the count.</summary>
    public static DecisionInput InputWithLoad(ScalerSpec spec, int replicas, long totalMilliCpu, DateTimeOffset at)
    {
        var input = Input(spec, replicas, 0, at);
        var usage = new PodMetricsSample[replicas];
        long share = replicas == 0 ? 0 : totalMilliCpu / replicas, remainder = replicas == 0 ? 0 : totalMilliCpu % replicas;
        for (int i = 0; i < replicas; i++) usage[i] = Usage(i, share + (i < remainder ? 1 : 0), at);
        return input with { PodMetrics = usage };
    }

    /// <summary>A decision input for <paramref name="replicas"/> pods each using <paramref name="utilizationPercent"/>% of its request.</summary>
    public static DecisionInput Input(ScalerSpec spec, int replicas, int utilizationPercent, DateTimeOffset? at = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var now = at ?? Now;
        var pods = new PodState[replicas];
        var usage = new PodMetricsSample[replicas];
        for (int i = 0; i < replicas; i++)
        {
            pods[i] = Pod(i);
            usage[i] = Usage(i, utilizationPercent * 10L, now);
        }
        return new DecisionInput
        {
            Spec = spec,
            SpecReplicas = replicas,
            StatusReplicas = replicas,
            Selector = Selector,
            Pods = pods,
            PodMetrics = usage,
            Annotations = annotations ?? new Dictionary<string, string>(),
        };
    }
}
