using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// The batch/v1 Job controller, enough for work that runs to completion: it keeps up to <c>spec.parallelism</c> pods
/// running until <c>spec.completions</c> pods have succeeded. With <c>completionMode: Indexed</c> each pod gets one
/// index 0 … completions-1, as the real controller does: name <c>JOB-INDEX-xxxxx</c>, hostname <c>JOB-INDEX</c>, the
/// <c>batch.kubernetes.io/job-completion-index</c> annotation and label, and <c>JOB_COMPLETION_INDEX</c> in every
/// container's environment (read from that annotation); the lowest missing indexes start first and an index is done
/// once one of its pods succeeded. Pods carry the job-name and controller-uid labels the API server would have put on
/// the template. More than <c>spec.backoffLimit</c> failed pods fail the Job and stop its active pods. The sim runs
/// no containers: a pod succeeds or fails when its status says so (a test writes it, as a kubelet would).
/// Not simulated: pod failure policy, per-index backoff limits, success policy, ttlSecondsAfterFinished, activeDeadlineSeconds.
/// </summary>
public sealed class JobController(ClusterContext ctx)
{
    public const string Component = "job-controller";
    public const string CompletionIndex = "batch.kubernetes.io/job-completion-index";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";

    public void Reconcile()
    {
        var podsByOwner = ctx.List(ctx.Pods).GroupBy(p => PodsOf.ControllerUid(p) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        foreach (var job in ctx.List(ctx.Jobs))
        {
            if (K8sJson.Deleting(job))
                continue;
            var pods = podsByOwner.GetValueOrDefault(K8sJson.Uid(job)) ?? [];
            var finished = Finished(job);
            if (finished is null)
                Sync(job, pods);
            WriteStatus(job, pods, finished);
        }
    }

    private static string? Finished(JsonObject job) =>
        (job["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["type"] is "Complete" or "Failed" && (string?)c["status"] == "True")?["type"]?.ToString();

    private static bool Indexed(JsonObject job) => (string?)job["spec"]?["completionMode"] == "Indexed";

    private static int Completions(JsonObject job) => K8sJson.Int(job["spec"]?["completions"], K8sJson.Int(job["spec"]?["parallelism"], 1));

    private static int? IndexOf(JsonObject pod) =>
        int.TryParse(K8sJson.Annotations(pod).GetValueOrDefault(CompletionIndex), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;

    private static string Phase(JsonObject pod) => (string?)pod["status"]?["phase"] ?? "";

    private void Sync(JsonObject job, List<JsonObject> pods)
    {
        if (job["spec"]?["suspend"]?.GetValue<bool>() == true || pods.Count(p => Phase(p) == "Failed") > K8sJson.Int(job["spec"]?["backoffLimit"], 6))
            return;
        var parallelism = K8sJson.Int(job["spec"]?["parallelism"], 1);
        var completions = Completions(job);
        var active = pods.Where(PodsOf.Active).ToList();
        var room = parallelism - active.Count;
        if (Indexed(job))
        {
            var busy = pods.Where(p => PodsOf.Active(p) || Phase(p) == "Succeeded").Select(IndexOf).OfType<int>().ToHashSet();
            foreach (var index in Enumerable.Range(0, completions).Where(i => !busy.Contains(i)).Take(Math.Max(0, room)))
                if (!Create(job, index))
                    return;
            return;
        }
        var remaining = completions - pods.Count(p => Phase(p) == "Succeeded") - active.Count;
        for (var i = 0; i < Math.Min(room, remaining); i++)
            if (!Create(job, null))
                return;
    }

    private bool Create(JsonObject job, int? index)
    {
        var name = K8sJson.Name(job);
        var labels = new Dictionary<string, string>
        {
            [ControllerUidLabel] = K8sJson.Uid(job),
            [JobNameLabel] = name,
            ["controller-uid"] = K8sJson.Uid(job),
            ["job-name"] = name,
        };
        var template = job["spec"]?["template"] as JsonObject ?? [];
        var prefix = index is { } i ? $"{name}-{i.ToString(CultureInfo.InvariantCulture)}-" : name + "-";
        if (index is { } ix)
            labels[CompletionIndex] = ix.ToString(CultureInfo.InvariantCulture);
        var pod = PodsOf.FromTemplate(job, template, null, prefix, labels);
        if (index is { } n)
        {
            var text = n.ToString(CultureInfo.InvariantCulture);
            var meta = pod["metadata"]!.AsObject();
            var annotations = meta["annotations"] as JsonObject ?? [];
            annotations[CompletionIndex] = text;
            meta["annotations"] = annotations;
            pod["spec"]!["hostname"] = $"{name}-{text}";
            foreach (var list in new[] { "containers", "initContainers" })
                foreach (var container in (pod["spec"]?[list] as JsonArray ?? []).OfType<JsonObject>())
                    AddIndexEnv(container);
        }
        try
        {
            var created = ctx.Api.Create(ctx.Pods, K8sJson.Namespace(job), pod);
            ctx.Event(job, "Normal", "SuccessfulCreate", $"Created pod: {(string?)created["metadata"]?["name"]}", Component);
            return true;
        }
        catch (Api.ApiException e)
        {
            ctx.Event(job, "Warning", "FailedCreate", $"Error creating: {e.Message}", Component);
            return false;
        }
    }

    /// <summary>JOB_COMPLETION_INDEX from the pod's own annotation (downward API), as the real controller adds it.</summary>
    private static void AddIndexEnv(JsonObject container)
    {
        var env = container["env"] as JsonArray ?? [];
        if (env.OfType<JsonObject>().Any(e => (string?)e["name"] == "JOB_COMPLETION_INDEX"))
            return;
        env.Add(new JsonObject
        {
            ["name"] = "JOB_COMPLETION_INDEX",
            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = $"metadata.annotations['{CompletionIndex}']" } },
        });
        container["env"] = env;
    }

    private void WriteStatus(JsonObject job, List<JsonObject> pods, string? finished)
    {
        var completions = Completions(job);
        var succeeded = Indexed(job)
            ? pods.Where(p => Phase(p) == "Succeeded").Select(IndexOf).OfType<int>().Where(i => i < completions).Distinct().Order().ToList()
            : [];
        var succeededCount = Indexed(job) ? succeeded.Count : pods.Count(p => Phase(p) == "Succeeded");
        var failed = pods.Count(p => Phase(p) == "Failed");
        var active = pods.Where(PodsOf.Active).ToList();
        var old = job["status"] as JsonObject;
        var status = new JsonObject
        {
            ["active"] = active.Count,
            ["ready"] = active.Count(PodsOf.Ready),
            ["succeeded"] = succeededCount,
            ["failed"] = failed,
            ["terminating"] = pods.Count(K8sJson.Deleting),
            ["startTime"] = old?["startTime"]?.DeepClone() ?? K8sJson.Stamp(ctx.Now),
        };
        if (Indexed(job))
            status["completedIndexes"] = Ranges(succeeded);
        var conditions = old?["conditions"]?.DeepClone() as JsonArray ?? [];
        if (finished is null && succeededCount >= completions)
        {
            conditions.Add(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"));
            conditions.Add(Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
            status["completionTime"] = K8sJson.Stamp(ctx.Now);
        }
        else if (finished is null && failed > K8sJson.Int(job["spec"]?["backoffLimit"], 6))
        {
            conditions.Add(Condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            conditions.Add(Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
            foreach (var pod in active)
                ctx.TryDelete(ctx.Pods, K8sJson.Namespace(pod), K8sJson.Name(pod));
        }
        else if (old?["completionTime"] is { } done)
        {
            status["completionTime"] = done.DeepClone();
        }
        if (conditions.Count > 0)
            status["conditions"] = conditions;
        if (JsonNode.DeepEquals(status, old))
            return;
        ctx.TryWrite(ctx.Jobs, K8sJson.Namespace(job), K8sJson.Name(job), j =>
        {
            j["status"] = status.DeepClone();
            return j;
        }, "status");
    }

    private JsonObject Condition(string type, string reason, string message) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = K8sJson.Stamp(ctx.Now),
        ["lastTransitionTime"] = K8sJson.Stamp(ctx.Now),
        ["reason"] = reason,
        ["message"] = message,
    };

    /// <summary>"0-2,4": the completed indexes as the real controller writes them.</summary>
    public static string Ranges(IReadOnlyList<int> sorted)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < sorted.Count; i++)
        {
            var start = sorted[i];
            while (i + 1 < sorted.Count && sorted[i + 1] == sorted[i] + 1)
                i++;
            if (sb.Length > 0)
                sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $"{start}");
            if (sorted[i] != start)
                sb.Append(CultureInfo.InvariantCulture, $"-{sorted[i]}");
        }
        return sb.ToString();
    }
}
