using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Cluster.Nodes;

/// <summary>
/// The nodes: creates them from pools as ACK shows them (ECS workers, virtual ECI nodes), keeps their heartbeats
/// (Lease in kube-node-lease, Ready condition), and adds, cordons, drains and removes nodes while running. Pods
/// bound to a node that no longer exists are removed, as the pod garbage collector does.
/// </summary>
public sealed class NodeController(ClusterContext ctx)
{
    public const string PoolLabel = "alibabacloud.com/nodepool-id";
    public const string LeaseNamespace = "kube-node-lease";
    private const string Region = "cn-hangzhou";

    private readonly ConcurrentDictionary<string, NodePool> _poolOfNode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Lease, DateTimeOffset Status)> _beats = new(StringComparer.Ordinal);
    private int _nextIp = 10;

    /// <summary>The pool a node was made from (null for nodes created through the API by someone else).</summary>
    public NodePool? PoolOf(string node) => _poolOfNode.GetValueOrDefault(node);

    /// <summary>
    /// Takes over nodes already in the store (a --persist restart) whose pool label (or virtual-node label) matches one
    /// of <paramref name="pools"/>, so their heartbeats and prices continue. Returns how many were adopted.
    /// </summary>
    public int AdoptExisting(IReadOnlyList<NodePool> pools)
    {
        var now = ctx.Now;
        var adopted = 0;
        foreach (var node in ctx.ListFresh(ctx.Nodes))
        {
            var labels = K8sJson.Labels(node);
            var pool = AckLabels.IsVirtualNode(labels)
                ? pools.FirstOrDefault(p => p.Kind == PoolKind.Eci)
                : pools.FirstOrDefault(p => p.Kind == PoolKind.Ecs && labels.GetValueOrDefault(PoolLabel) == p.Name);
            if (pool is null)
                continue;
            _poolOfNode[K8sJson.Name(node)] = pool;
            _beats[K8sJson.Name(node)] = (now - ctx.Options.Kubelet.NodeStatusInterval, now - ctx.Options.Kubelet.NodeStatusInterval);
            adopted++;
        }
        return adopted;
    }

    /// <summary>Adds <paramref name="count"/> nodes of a pool; returns their names.</summary>
    public IReadOnlyList<string> AddNodes(NodePool pool, int count)
    {
        pool.Validate();
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            string ip, name;
            do
            {
                ip = $"192.168.{_nextIp / 250 % 100}.{Interlocked.Increment(ref _nextIp) % 250 + 1}";
                name = pool.Kind == PoolKind.Eci ? VirtualName(pool) : $"{Region}.{ip}";
            }
            while (ctx.Api.TryGet(ctx.Nodes, "", name) is not null);
            Create(pool, name, ip);
            names.Add(name);
        }
        return names;
    }

    private string VirtualName(NodePool pool)
    {
        var baseName = $"{AckLabels.VirtualKubelet}-{pool.Zone}";
        var name = baseName;
        for (var n = 2; ctx.Api.TryGet(ctx.Nodes, "", name) is not null; n++)
            name = $"{baseName}-{n}";
        return name;
    }

    private void Create(NodePool pool, string name, string ip)
    {
        var now = ctx.Now;
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["topology.kubernetes.io/region"] = Region,
            ["topology.kubernetes.io/zone"] = pool.Zone,
            ["node.kubernetes.io/instance-type"] = pool.InstanceType,
        };
        if (pool.Kind == PoolKind.Eci)
        {
            labels[AckLabels.VirtualNodeLabel] = AckLabels.VirtualNodeValue;
            labels["kubernetes.io/role"] = "agent";
        }
        else
        {
            labels[PoolLabel] = pool.Name;
            labels["node.kubernetes.io/billing"] = pool.Billing == Billing.Reserved ? "subscription" : "pay-as-you-go";
            foreach (var (k, v) in pool.Labels)
                labels[k] = v;
        }
        var spec = new JsonObject { ["providerID"] = pool.Kind == PoolKind.Eci ? $"{Region}.vnode.{name}" : $"{Region}.i-{Hex(name)}" };
        if (pool.Kind == PoolKind.Eci)
            spec["taints"] = new JsonArray(new JsonObject { ["key"] = AckLabels.VirtualKubeletTaintKey, ["value"] = AckLabels.VirtualKubeletTaintValue, ["effect"] = "NoSchedule" });
        _poolOfNode[name] = pool;
        ctx.Api.Create(ctx.Nodes, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels }, ["spec"] = spec });
        ctx.TryWrite(ctx.Nodes, "", name, n =>
        {
            n["status"] = Status(pool, name, ip, now);
            return n;
        }, "status");
        ctx.Api.Create(ctx.Leases, LeaseNamespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["holderIdentity"] = name, ["leaseDurationSeconds"] = 40, ["renewTime"] = JsonPath.MicroTime(now) },
        });
        _beats[name] = (now, now);
    }

    private static string Hex(string s) => ((uint)s.GetHashCode(StringComparison.Ordinal)).ToString("x8", CultureInfo.InvariantCulture) + "abcdef12";

    private static JsonObject Status(NodePool pool, string name, string ip, DateTimeOffset now)
    {
        static string Cpu(long m) => m % 1000 == 0 ? (m / 1000).ToString(CultureInfo.InvariantCulture) : m.ToString(CultureInfo.InvariantCulture) + "m";
        static string Mem(long b) => b % (1L << 30) == 0 ? (b >> 30).ToString(CultureInfo.InvariantCulture) + "Gi" : (b >> 10).ToString(CultureInfo.InvariantCulture) + "Ki";
        var pods = pool.MaxPods.ToString(CultureInfo.InvariantCulture);
        var status = new JsonObject
        {
            ["capacity"] = new JsonObject { ["cpu"] = Cpu(pool.CpuMillis), ["memory"] = Mem(pool.MemoryBytes), ["pods"] = pods, ["ephemeral-storage"] = "120Gi" },
            ["allocatable"] = new JsonObject { ["cpu"] = Cpu(pool.Cpu), ["memory"] = Mem(pool.Memory), ["pods"] = pods, ["ephemeral-storage"] = "110Gi" },
            ["addresses"] = new JsonArray(new JsonObject { ["type"] = "InternalIP", ["address"] = ip }, new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
            ["nodeInfo"] = new JsonObject
            {
                ["kubeletVersion"] = pool.Kind == PoolKind.Eci ? "v1.32.4-vk-2.11.0" : "v1.32.4-aliyun.1",
                ["kubeProxyVersion"] = "", ["operatingSystem"] = "linux", ["architecture"] = "amd64",
                ["osImage"] = pool.Kind == PoolKind.Eci ? "" : "Alibaba Cloud Linux 3.2104 LTS 64 bit",
                ["kernelVersion"] = pool.Kind == PoolKind.Eci ? "" : "5.10.134-17.3.al8.x86_64",
                ["containerRuntimeVersion"] = "containerd://1.6.36", ["machineID"] = "", ["systemUUID"] = "", ["bootID"] = "",
            },
        };
        foreach (var (type, reason, message) in new[]
        {
            ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "KubeletReady", "kubelet is posting ready status"),
        })
            K8sJson.SetCondition(status, type, type == "Ready" ? "True" : "False", reason, message, now,
                new Dictionary<string, JsonNode?> { ["lastHeartbeatTime"] = K8sJson.Stamp(now) });
        return status;
    }

    /// <summary>Renews leases and node status heartbeats that are due; removes pods bound to nodes that are gone.</summary>
    public void Reconcile()
    {
        var now = ctx.Now;
        var timing = ctx.Options.Kubelet;
        var nodes = ctx.List(ctx.Nodes);
        foreach (var node in nodes)
        {
            var name = K8sJson.Name(node);
            if (!_poolOfNode.ContainsKey(name))
                continue;
            var beat = _beats.TryGetValue(name, out var b) ? b : (Lease: now, Status: now);
            if (now - beat.Lease >= timing.LeaseRenewInterval)
            {
                ctx.TryWrite(ctx.Leases, LeaseNamespace, name, l =>
                {
                    l["spec"]!["renewTime"] = JsonPath.MicroTime(now);
                    return l;
                });
                beat.Lease = now;
            }
            if (now - beat.Status >= timing.NodeStatusInterval)
            {
                ctx.TryWrite(ctx.Nodes, "", name, n =>
                {
                    foreach (var c in (n["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
                        c["lastHeartbeatTime"] = K8sJson.Stamp(now);
                    return n;
                }, "status");
                beat.Status = now;
            }
            _beats[name] = beat;
        }
        var existing = nodes.Select(K8sJson.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var pod in ctx.List(ctx.Pods))
            if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } n && !existing.Contains(n))
                ForceRemove(pod);
    }

    /// <summary>kubectl cordon: no new pods are placed on the node.</summary>
    public void Cordon(string node, bool unschedulable = true) =>
        ctx.Api.Write(ctx.Nodes, "", node, n =>
        {
            if (unschedulable)
                n["spec"]!["unschedulable"] = true;
            else
                n["spec"]!.AsObject().Remove("unschedulable");
            return n;
        }, null, WriteOptions.Default);

    /// <summary>kubectl drain: cordon, then evict every pod on the node so its controller recreates it elsewhere.</summary>
    public int Drain(string node)
    {
        Cordon(node);
        var evicted = 0;
        foreach (var pod in ctx.ListFresh(ctx.Pods))
            if ((string?)pod["spec"]?["nodeName"] == node && !K8sJson.Deleting(pod) && ctx.TryDelete(ctx.Pods, K8sJson.Namespace(pod), K8sJson.Name(pod)))
                evicted++;
        return evicted;
    }

    /// <summary>Removes the node (and its lease) at once, as when an instance is released; its pods go with it.</summary>
    public void Remove(string node)
    {
        ctx.Api.Delete(ctx.Nodes, "", node);
        ctx.TryDelete(ctx.Leases, LeaseNamespace, node);
        _poolOfNode.TryRemove(node, out _);
        _beats.TryRemove(node, out _);
        foreach (var pod in ctx.ListFresh(ctx.Pods))
            if ((string?)pod["spec"]?["nodeName"] == node)
                ForceRemove(pod);
    }

    private void ForceRemove(JsonObject pod)
    {
        var ns = K8sJson.Namespace(pod);
        var name = K8sJson.Name(pod);
        ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            p["metadata"]!.AsObject().Remove("finalizers");
            return p;
        });
        if (ctx.Api.TryGet(ctx.Pods, ns, name) is not null)
            ctx.TryDelete(ctx.Pods, ns, name);
    }
}
