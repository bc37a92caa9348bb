using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster.Nodes;

namespace ElasticScaler.Sim.Cluster.Presets;

/// <summary>
/// The seed's ACK cluster. Two ECS nodes of 8 vCPU (7910m allocatable) each carry 2400m of other workloads' requests
/// (~30%, system daemons and an ops agent), leaving 5510m: eleven WordPress pods of 500m per node, so 22 fit and
/// the 23rd does not. A virtual ECI node sits beside them. Namespace wordpress holds Deployment wordpress
/// (22 replicas, 500m / 512Mi) and Service wordpress.
/// </summary>
public static class SeedPreset
{
    public const string Namespace = "wordpress";
    public const string Deployment = "wordpress";
    public const int Replicas = 22;

    public static readonly NodePool EcsPool = new()
    {
        Name = "np-ecs-seed",
        Count = 2,
        CpuMillis = 8000,
        AllocatableCpuMillis = 7910,
        MemoryBytes = 32L << 30,
        AllocatableMemoryBytes = 29L << 30,
        InstanceType = "ecs.g6.2xlarge",
        Billing = Billing.PayAsYouGo,
    };

    public static IReadOnlyList<NodePool> Pools => [EcsPool, NodePool.Virtual()];

    /// <summary>Other workloads per ECS node (namespace, name prefix, cpu millis), 2400m in all.</summary>
    private static readonly (string Ns, string Name, int Cpu)[] NodeWorkloads =
    [
        ("kube-system", "kube-proxy-worker", 100),
        ("kube-system", "terway-eniip", 350),
        ("kube-system", "csi-plugin", 150),
        ("kube-system", "logtail-ds", 300),
        ("ops", "monitoring-agent", 1500),
    ];

    public static void Apply(ClusterContext ctx, NodeController nodes)
    {
        foreach (var ns in new[] { "ops", Namespace })
            if (ctx.Api.TryGet(ctx.Namespaces, "", ns) is null)
                ctx.Api.Create(ctx.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } } });
        var ecs = nodes.AddNodes(EcsPool, EcsPool.Count);
        nodes.AddNodes(NodePool.Virtual(), 1);
        var i = 0;
        foreach (var node in ecs)
        {
            i++;
            foreach (var (ns, name, cpu) in NodeWorkloads)
                ctx.Api.Create(ctx.Pods, ns, new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = $"{name}-{i}", ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["nodeName"] = node,
                        ["containers"] = new JsonArray(Container(name, "registry.cn-hangzhou.aliyuncs.com/acs/" + name + ":v1", $"{cpu}m", "256Mi")),
                    },
                });
        }
        if (ctx.Api.TryGet(ctx.Deployments, Namespace, Deployment) is null)
            ctx.Api.Create(ctx.Deployments, Namespace, WordPress());
        if (ctx.Api.TryGet(ctx.Services, Namespace, Deployment) is null)
            ctx.Api.Create(ctx.Services, Namespace, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = Deployment, ["labels"] = new JsonObject { ["app"] = Deployment } },
                ["spec"] = new JsonObject
                {
                    ["type"] = "ClusterIP",
                    ["selector"] = new JsonObject { ["app"] = Deployment },
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = 80, ["protocol"] = "TCP" }),
                },
            });
    }

    private static JsonObject Container(string name, string image, string cpu, string memory) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu, ["memory"] = memory } },
    };

    public static JsonObject WordPress() => new()
    {
        ["metadata"] = new JsonObject { ["name"] = Deployment, ["labels"] = new JsonObject { ["app"] = Deployment } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = Replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Deployment } },
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = "25%", ["maxUnavailable"] = "25%" },
            },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Deployment } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "wordpress",
                        ["image"] = "wordpress:6.4-apache",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["protocol"] = "TCP" }),
                        ["resources"] = new JsonObject
                        {
                            ["requests"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "512Mi" },
                            ["limits"] = new JsonObject { ["cpu"] = "1", ["memory"] = "1Gi" },
                        },
                    }),
                },
            },
        },
    };
}
