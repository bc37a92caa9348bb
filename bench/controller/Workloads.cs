using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;

namespace ElasticScaler.Bench.Controller;

/// <summary>
/// The objects of a run: scaler i is ElasticScaler <c>app</c> on Deployment <c>app</c> in namespace <c>bench-i</c>
/// (one application per namespace, as teams deploy), CPU utilization at a 50% target with the defaults' EcsFirst
/// placement; pods request 100m, so 50m of usage is the target and 80m a change. ECS nodes hold 250 pods each, twice
/// the pods the run starts with, so every scale-up fits on ECS; one virtual node stands by as ACK has it.
/// </summary>
public static class Workloads
{
    public const string Name = "app";
    public const int RequestMillis = 100;
    public const int TargetUtilization = 50;
    public const int PodsPerNode = 250;
    public const int MaxReplicas = 1000;

    public static string Namespace(int i) => "bench-" + i.ToString("D5", CultureInfo.InvariantCulture);

    public static int EcsNodes(int scalers, int podsPerScaler) => (int)Math.Ceiling(2.0 * scalers * podsPerScaler / PodsPerNode) + 1;

    public static string EcsNodeName(int i) => "bench-ecs-" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static JsonObject EcsNode(string name) => Node(name, new JsonObject
    {
        ["kubernetes.io/hostname"] = name,
        ["kubernetes.io/os"] = "linux",
        ["node.kubernetes.io/instance-type"] = "ecs.g7.16xlarge",
        ["alibabacloud.com/nodepool-id"] = "np-bench",
    }, null, cpu: "64", memory: "256Gi", pods: PodsPerNode);

    public static JsonObject VirtualNode() => Node("virtual-kubelet-bench", new JsonObject
    {
        ["kubernetes.io/hostname"] = "virtual-kubelet-bench",
        [AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue,
        ["kubernetes.io/role"] = "agent",
    }, new JsonArray(new JsonObject { ["key"] = AckLabels.VirtualKubeletTaintKey, ["value"] = AckLabels.VirtualKubeletTaintValue, ["effect"] = "NoSchedule" }),
        cpu: "1000", memory: "4Ti", pods: 20_000);

    private static JsonObject Node(string name, JsonObject labels, JsonArray? taints, string cpu, string memory, int pods)
    {
        var spec = new JsonObject();
        if (taints is not null) spec["taints"] = taints;
        var resources = new JsonObject { ["cpu"] = cpu, ["memory"] = memory, ["pods"] = pods.ToString(CultureInfo.InvariantCulture) };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["reason"] = "KubeletReady", ["message"] = "kubelet is posting ready status" }),
            },
        };
    }

    public static JsonObject NamespaceObject(string ns) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns },
    };

    public static JsonObject Deployment(string ns, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = Name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = Name,
                        ["image"] = "nginx:1.27",
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = $"{RequestMillis}m", ["memory"] = "64Mi" } },
                    }),
                },
            },
        },
    };

    public static JsonObject Scaler(string ns, int minReplicas) => new()
    {
        ["apiVersion"] = "autoscaling.elasticscaler.io/v1alpha1",
        ["kind"] = "ElasticScaler",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = Name },
            ["minReplicas"] = minReplicas,
            ["maxReplicas"] = MaxReplicas,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = TargetUtilization } },
            }),
            ["placement"] = new JsonObject { ["strategy"] = "EcsFirst", ["eci"] = new JsonObject { ["enabled"] = true } },
        },
    };
}
