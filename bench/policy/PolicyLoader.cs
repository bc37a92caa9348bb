using System.Globalization;
using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Bench.Policy;

/// <summary>
/// A policy as the benchmark runs it: the scaler (read from its file by fast mode's <see cref="ScalerFile"/>, i.e.
/// KubernetesObjects.Scaler, the service's mapping) and the cluster it runs on, which the file's annotations
/// describe, since the seed's virtual node and a bigger ECS pool are part of what a policy is today:
/// <list type="bullet">
/// <item><c>bench.elasticscaler.io/ecs-nodes</c>: ECS nodes of the seed's size (default 2, the seed preset);</item>
/// <item><c>bench.elasticscaler.io/virtual-node-overflow: "true"</c>: the target's pods that fit no ECS node go to
/// the virtual node (the seed's ack-virtual-node), instead of waiting Pending.</item>
/// </list>
/// </summary>
public sealed record PolicyUnderTest(string Name, string File, ScalerUnderTest Scaler, int EcsNodes, bool VirtualNodeOverflow)
{
    public const string EcsNodesAnnotation = "bench.elasticscaler.io/ecs-nodes";
    public const string OverflowAnnotation = "bench.elasticscaler.io/virtual-node-overflow";

    /// <summary>The most replicas the policy can ever run.</summary>
    public int MaxReplicas => Scaler.Spec.MaxReplicas;

    /// <summary>What the workload starts at: the policy's floor (the seed's 22; static-peak's fixed count).</summary>
    public int InitialReplicas => Scaler.Spec.MinReplicas ?? 1;

    /// <summary>The CPU utilization the policy aims at (0..1): its Resource cpu Utilization target.</summary>
    public double TargetUtilization
    {
        get
        {
            foreach (var m in Scaler.Spec.Metrics)
                if (m.Resource is { Name: "cpu", Target.AverageUtilization: { } u }) return u / 100.0;
            throw new ArgumentException($"{File}: spec.metrics: the benchmark needs a Resource cpu Utilization target to size capacity for a load step");
        }
    }

    public FastModeOptions Options(FastModeOptions baseline) => baseline with
    {
        EcsNodes = EcsNodes,
        VirtualNodeOverflow = VirtualNodeOverflow,
        InitialReplicas = InitialReplicas,
    };

    public static PolicyUnderTest Load(string name, string path)
    {
        var scaler = ScalerFile.ReadFile(path);
        int nodes = 2;
        if (scaler.Annotations.TryGetValue(EcsNodesAnnotation, out var text)
            && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out nodes) && nodes >= 1))
            throw new ArgumentException($"{path}: metadata.annotations[\"{EcsNodesAnnotation}\"]: \"{text}\": must be a whole number of nodes, 1 or more");
        bool overflow = false;
        if (scaler.Annotations.TryGetValue(OverflowAnnotation, out var o) && !bool.TryParse(o, out overflow))
            throw new ArgumentException($"{path}: metadata.annotations[\"{OverflowAnnotation}\"]: \"{o}\": must be \"true\" or \"false\"");
        if (overflow && scaler.Spec.Placement is not null)
            throw new ArgumentException($"{path}: {OverflowAnnotation} describes the seed's virtual node taking a plain workload's overflow; with spec.placement the twin goes there already: drop one");
        return new PolicyUnderTest(name, path, scaler with { Name = name }, nodes, overflow);
    }
}
