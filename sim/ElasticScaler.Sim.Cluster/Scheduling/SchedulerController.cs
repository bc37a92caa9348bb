using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Scheduling;

/// <summary>
/// Runs <see cref="Scheduler"/> over every pending pod each pass (so a pod is retried whenever capacity changes),
/// binds through pods/binding semantics, and writes PodScheduled and the Scheduled / FailedScheduling events.
/// </summary>
public sealed class SchedulerController(ClusterContext ctx)
{
    public const string Component = "default-scheduler";

    public void Reconcile()
    {
        var pods = ctx.List(ctx.Pods);
        var pending = pods
            .Where(p => string.IsNullOrEmpty((string?)p["spec"]?["nodeName"]) && !K8sJson.Deleting(p)
                && ((string?)p["spec"]?["schedulerName"] ?? Component) == Component)
            .OrderByDescending(p => K8sJson.Int(p["spec"]?["priority"], 0))
            .ThenBy(p => (string?)p["metadata"]?["creationTimestamp"], StringComparer.Ordinal)
            .ThenBy(p => K8sJson.Name(p), StringComparer.Ordinal)
            .ToList();
        if (pending.Count == 0)
            return;
        var placed = pods.Where(p => (string?)p["spec"]?["nodeName"] is { Length: > 0 } && (string?)p["status"]?["phase"] is not ("Succeeded" or "Failed"))
            .GroupBy(p => (string)p["spec"]!["nodeName"]!).ToDictionary(g => g.Key, g => g.ToList());
        var nodes = ctx.List(ctx.Nodes)
            .Select(n => NodeFacts.From(n, placed.GetValueOrDefault(K8sJson.Name(n)) ?? []))
            .ToList();
        var nsLabels = ctx.List(ctx.Namespaces).ToDictionary(K8sJson.Name, K8sJson.Labels, StringComparer.Ordinal);
        foreach (var pod in pending)
        {
            PodFacts facts;
            try
            {
                facts = PodFacts.From(pod, nsLabels.GetValueOrDefault(K8sJson.Namespace(pod)) ?? new Dictionary<string, string>());
            }
            catch (Api.ApiException e)
            {
                // A malformed request (the sim's API server accepts some the real one refuses) keeps only this pod Pending.
                MarkUnschedulable(pod, e.Message);
                continue;
            }
            var result = Scheduler.Decide(facts, nodes);
            if (result.Node is { } node)
            {
                if (Bind(pod, node))
                {
                    var i = nodes.FindIndex(n => n.Name == node);
                    nodes[i] = nodes[i].With(facts);
                }
            }
            else
                MarkUnschedulable(pod, result.Message!);
        }
    }

    private bool Bind(JsonObject pod, string node)
    {
        var ns = K8sJson.Namespace(pod);
        var name = K8sJson.Name(pod);
        var bound = ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            if (!string.IsNullOrEmpty((string?)p["spec"]?["nodeName"]))
                throw new Api.ApiException(409, "Conflict", $"pod {name} is already assigned to node \"{p["spec"]!["nodeName"]}\"");
            p["spec"]!["nodeName"] = node;
            return p;
        }, "binding");
        if (!bound)
            return false;
        var now = ctx.Now;
        ctx.TryWrite(ctx.Pods, ns, name, p =>
        {
            var status = p["status"] as JsonObject ?? [];
            status["phase"] ??= "Pending";
            K8sJson.SetCondition(status, "PodScheduled", "True", null, null, now, new Dictionary<string, JsonNode?> { ["lastProbeTime"] = null });
            p["status"] = status;
            return p;
        }, "status");
        ctx.Event(pod, "Normal", "Scheduled", $"Successfully assigned {ns}/{name} to {node}", Component);
        return true;
    }

    private void MarkUnschedulable(JsonObject pod, string message)
    {
        var previous = (string?)K8sJson.Condition(pod, "PodScheduled")?["message"];
        if (previous == message)
            return;
        var now = ctx.Now;
        ctx.TryWrite(ctx.Pods, K8sJson.Namespace(pod), K8sJson.Name(pod), p =>
        {
            var status = p["status"] as JsonObject ?? [];
            status["phase"] ??= "Pending";
            K8sJson.SetCondition(status, "PodScheduled", "False", "Unschedulable", message, now, new Dictionary<string, JsonNode?> { ["lastProbeTime"] = null });
            p["status"] = status;
            return p;
        }, "status");
        ctx.Event(pod, "Warning", "FailedScheduling", message, Component);
    }
}
