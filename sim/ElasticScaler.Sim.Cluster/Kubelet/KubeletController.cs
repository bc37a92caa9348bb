using System.Text.Json.Nodes;
using ElasticScaler.Core.Ack;
using ElasticScaler.Sim.Cluster.Eci;
using ElasticScaler.Sim.Cluster.Nodes;
using ElasticScaler.Sim.Logs;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Cluster.Kubelet;

/// <summary>
/// Every node's kubelet (and the virtual kubelet's ECI provider) in one loop. A bound pod goes Pending with
/// ContainerCreating, Running after its pool's start-up delay, Ready after its probe delay. On a virtual node each
/// creation takes one ECI quota slot first; without one the pod waits Pending with reason ProviderCreateFailed.
/// Deletion is graceful: the kubelet holds a finalizer on pods it runs, so a deleted pod stays Terminating until
/// its containers stop (ShutdownDuration, capped by the grace period), then it is removed. Each container's log
/// starts with a start-up line at the instant it ran (the sim runs no process; the demo app adds its pods' access logs).
/// </summary>
public sealed class KubeletController(ClusterContext ctx, NodeController nodes, EciQuota quota, IContainerLogWriter logs)
{
    public const string Finalizer = "sim.elasticscaler.io/kubelet";
    private const string Component = "kubelet";
    private long _nextPodIp = 2;

    public void Reconcile()
    {
        var nodeObjs = ctx.List(ctx.Nodes).ToDictionary(K8sJson.Name, n => n, StringComparer.Ordinal);
        foreach (var pod in ctx.List(ctx.Pods))
        {
            if ((string?)pod["spec"]?["nodeName"] is not { Length: > 0 } nodeName || !nodeObjs.TryGetValue(nodeName, out var node))
                continue;
            if (K8sJson.Deleting(pod))
                Terminate(pod);
            else if (pod["status"]?["startTime"] is null)
                Admit(pod, node);
            else
                Progress(pod, node);
        }
    }

    private bool IsVirtual(JsonObject node) => AckLabels.IsVirtualNode(K8sJson.Labels(node));

    private TimeSpan PoolDelay(JsonObject node)
    {
        var timing = ctx.Options.Kubelet;
        return nodes.PoolOf(K8sJson.Name(node))?.StartupDelay ?? (IsVirtual(node) ? timing.EciStartupDelay : timing.EcsStartupDelay);
    }

    private void Admit(JsonObject pod, JsonObject node)
    {
        var ns = K8sJson.Namespace(pod);
        var name = K8sJson.Name(pod);
        var now = ctx.Now;
        if (IsVirtual(node) && !quota.TryAcquire(now))
        {
            if ((string?)pod["status"]?["reason"] != EciQuota.Reason)
            {
                ctx.TryWrite(ctx.Pods, ns, name, p =>
                {
                    p["status"]!["reason"] = EciQuota.Reason;
                    p["status"]!["message"] = quota.Message;
                    return p;
                }, "status");
                ctx.Event(pod, "Warning", EciQuota.Reason, quota.Message, AckLabels.VirtualKubelet);
            }
            return;
        }
        ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            var finalizers = p["metadata"]!["finalizers"] as JsonArray ?? [];
            if (!finalizers.Any(f => (string?)f == Finalizer))
                finalizers.Add(Finalizer);
            p["metadata"]!["finalizers"] = finalizers;
            return p;
        });
        var hostIp = (node["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(a => (string?)a["type"] == "InternalIP")?["address"]?.ToString() ?? "192.168.0.1";
        var n = Interlocked.Increment(ref _nextPodIp);
        var podIp = IsVirtual(node) ? hostIp.Length > 0 ? $"192.168.{100 + n / 250 % 100}.{n % 250 + 1}" : "" : $"10.244.{n / 250 % 250}.{n % 250 + 1}";
        ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            var status = p["status"] as JsonObject ?? [];
            status.Remove("reason");
            status.Remove("message");
            status["phase"] = "Pending";
            status["hostIP"] = hostIp;
            status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
            status["startTime"] = K8sJson.Stamp(now);
            status["qosClass"] = QosClass(p);
            var names = ContainerNames(p);
            var noProbe = new Dictionary<string, JsonNode?> { ["lastProbeTime"] = null };
            K8sJson.SetCondition(status, "PodReadyToStartContainers", "False", null, null, now, noProbe);
            K8sJson.SetCondition(status, "Initialized", "True", null, null, now, noProbe);
            K8sJson.SetCondition(status, "Ready", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", names)}]", now, noProbe);
            K8sJson.SetCondition(status, "ContainersReady", "False", "ContainersNotReady", $"containers with unready status: [{string.Join(" ", names)}]", now, noProbe);
            K8sJson.SetCondition(status, "PodScheduled", "True", null, null, now, noProbe);
            status["containerStatuses"] = new JsonArray([.. Containers(p).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = (string?)c["name"], ["image"] = (string?)c["image"], ["imageID"] = "", ["ready"] = false, ["started"] = false,
                ["restartCount"] = 0, ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } }, ["lastState"] = new JsonObject(),
            })]);
            p["status"] = status;
            return p;
        }, "status");
        if (IsVirtual(node))
            ctx.Event(pod, "Normal", "SuccessfulCreate", "Successfully created ECI container group for pod", AckLabels.VirtualKubelet);
    }

    private void Progress(JsonObject pod, JsonObject node)
    {
        var now = ctx.Now;
        var started = K8sJson.Time(pod["status"]?["startTime"])!.Value;
        var phase = (string?)pod["status"]?["phase"];
        var timing = ctx.Options.Kubelet;
        var readyDelay = PodTiming.ReadinessDelay(pod, timing.DefaultReadinessDelay);
        if (phase == "Pending")
        {
            var runAt = started + PodTiming.StartupDelay(PoolDelay(node), timing.Jitter, K8sJson.Uid(pod), ctx.Options.Seed);
            if (now < runAt)
                return;
            // The containers started at runAt even if this pass comes later; readiness counts from there.
            var ready = now >= runAt + readyDelay;
            // The start-up line goes into the log before the status says Running: a watcher that sees the pod
            // Ready (the demo app, which then logs its ready line) must find the kubelet's line already there.
            foreach (var c in Containers(pod))
            {
                var name = (string?)c["name"] ?? "";
                logs.Write(K8sJson.Namespace(pod), K8sJson.Name(pod), name, runAt, $"started container {name} (image {(string?)c["image"]}) on node {K8sJson.Name(node)}");
            }
            WriteRunning(pod, runAt, ready ? now : null, now);
            foreach (var c in Containers(pod))
                ctx.Event(pod, "Normal", "Started", $"Started container {(string?)c["name"] ?? ""}", Component);
        }
        else if (phase == "Running" && !K8sJson.IsTrue(pod, "Ready"))
        {
            var runningSince = K8sJson.Time((pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["state"]?["running"]?["startedAt"]) ?? started;
            if (now >= runningSince + readyDelay)
                WriteRunning(pod, runningSince, now, now);
        }
    }

    private void WriteRunning(JsonObject pod, DateTimeOffset runningSince, DateTimeOffset? readySince, DateTimeOffset now)
    {
        ctx.TryWrite(ctx.Pods, K8sJson.Namespace(pod), K8sJson.Name(pod), p =>
        {
            var status = p["status"] as JsonObject ?? [];
            var noProbe = new Dictionary<string, JsonNode?> { ["lastProbeTime"] = null };
            status["phase"] = "Running";
            K8sJson.SetCondition(status, "PodReadyToStartContainers", "True", null, null, runningSince, noProbe);
            if (readySince is { } r)
            {
                K8sJson.SetCondition(status, "Ready", "True", null, null, r, noProbe);
                K8sJson.SetCondition(status, "ContainersReady", "True", null, null, r, noProbe);
            }
            status["containerStatuses"] = new JsonArray([.. Containers(p).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = (string?)c["name"], ["image"] = (string?)c["image"], ["imageID"] = (string?)c["image"] + "@sha256:" + new string('0', 64),
                ["containerID"] = "containerd://" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(K8sJson.Uid(p) + (string?)c["name"]))),
                ["ready"] = readySince is not null, ["started"] = true, ["restartCount"] = 0,
                ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = K8sJson.Stamp(runningSince) } }, ["lastState"] = new JsonObject(),
            })]);
            p["status"] = status;
            return p;
        }, "status");
    }

    private void Terminate(JsonObject pod)
    {
        var finalizers = (pod["metadata"]?["finalizers"] as JsonArray)?.Select(f => (string?)f).ToList() ?? [];
        if (!finalizers.Contains(Finalizer))
            return;
        var ns = K8sJson.Namespace(pod);
        var name = K8sJson.Name(pod);
        var since = K8sJson.Time(pod["metadata"]?["deletionTimestamp"]) ?? ctx.Now;
        var grace = TimeSpan.FromSeconds(K8sJson.Int(pod["spec"]?["terminationGracePeriodSeconds"], 30));
        if ((long?)pod["metadata"]?["deletionGracePeriodSeconds"] != (long)grace.TotalSeconds)
            // The sim's API server stamps 0; the real one stamps the pod's grace period, which kubectl shows.
            ctx.TryWrite(ctx.Pods, ns, name, p =>
            {
                p["metadata"]!["deletionGracePeriodSeconds"] = (long)grace.TotalSeconds;
                return p;
            }, "delete");
        var shutdown = ctx.Options.Kubelet.ShutdownDuration < grace ? ctx.Options.Kubelet.ShutdownDuration : grace;
        if (ctx.Now < since + shutdown)
            return;
        ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            p["metadata"]!["finalizers"] = new JsonArray([.. ((p["metadata"]!["finalizers"] as JsonArray) ?? []).Where(f => (string?)f != Finalizer).Select(f => f!.DeepClone())]);
            if (((JsonArray)p["metadata"]!["finalizers"]!).Count == 0)
                p["metadata"]!.AsObject().Remove("finalizers");
            return p;
        });
    }

    private static IEnumerable<JsonObject> Containers(JsonObject pod) => (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static List<string> ContainerNames(JsonObject pod) => [.. Containers(pod).Select(c => (string?)c["name"] ?? "")];

    /// <summary>Guaranteed when every container's limits equal its requests for cpu and memory, BestEffort with none, else Burstable.</summary>
    public static string QosClass(JsonObject pod)
    {
        var containers = Containers(pod).ToList();
        bool Has(JsonObject c, string kind) => c["resources"]?[kind] is JsonObject { Count: > 0 };
        if (containers.All(c => !Has(c, "requests") && !Has(c, "limits")))
            return "BestEffort";
        var guaranteed = containers.All(c =>
            new[] { "cpu", "memory" }.All(r => c["resources"]?["limits"]?[r] is { } l
                && Quantity.Parse(JsonPath.Text(l), r) == Quantity.Parse(JsonPath.Text(c["resources"]?["requests"]?[r] ?? l), r)));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
