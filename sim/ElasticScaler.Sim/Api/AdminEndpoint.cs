using System.Text.Json.Nodes;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// The sim's own admin API (admin token only): POST /sim/faults adds a rule, DELETE /sim/faults clears them,
/// POST /sim/watches/drop ends live watches, POST /sim/history/compact forces 410 for older resourceVersions,
/// PUT /sim/metrics/pods/{ns}/{name} and /sim/metrics/nodes/{name} set metrics.k8s.io samples, PUT and DELETE under
/// /sim/metrics/custom/ and /sim/metrics/external/ set and remove custom and external metrics (<see cref="MetricsAdmin"/>),
/// PUT /sim/metrics/pods/{ns}[?labelSelector=SEL] sets one sample on every pod of a namespace at once (a benchmark's
/// thousands of pods in one call), GET /sim/audit[?user=NAME] reads the request audit, DELETE /sim/audit clears it and
/// POST /sim/audit/drain[?user=NAME] reads and clears it in one step.
/// </summary>
public sealed class AdminEndpoint(FaultInjector faults, ObjectStore store, MetricsStore metrics, AuditLog audit, TimeProvider time)
{
    private readonly MetricsAdmin _metricsAdmin = new(metrics, time);

    public async Task Serve(HttpContext ctx, string path)
    {
        var segs = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = ctx.Request.Method;
        switch (segs, method)
        {
            case (["sim", "faults"], "GET"):
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["rules"] = new JsonArray(faults.Rules.Select(r => (JsonNode)Describe(r)).ToArray()) });
                return;
            case (["sim", "faults"], "POST"):
                faults.Add(ParseRule(await Body(ctx)));
                await HttpIo.WriteJson(ctx, 201, new JsonObject { ["rules"] = faults.Rules.Count });
                return;
            case (["sim", "faults"], "DELETE"):
                faults.Clear();
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["rules"] = 0 });
                return;
            case (["sim", "watches", "drop"], "POST"):
                var key = HttpIo.Query(ctx, "storageKey");
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["dropped"] = store.DropWatches(key) });
                return;
            case (["sim", "audit"], "GET"):
                var records = audit.Snapshot(HttpIo.Query(ctx, "user"));
                await HttpIo.WriteJson(ctx, 200, new JsonObject
                {
                    ["items"] = new JsonArray([.. records.Select(r => (JsonNode)Describe(r))]),
                    ["dropped"] = audit.Dropped,
                    ["capacity"] = audit.Capacity,
                });
                return;
            case (["sim", "audit", "drain"], "POST"):
                var (drained, lost) = audit.Drain(HttpIo.Query(ctx, "user"));
                await HttpIo.WriteJson(ctx, 200, new JsonObject
                {
                    ["items"] = new JsonArray([.. drained.Select(r => (JsonNode)Describe(r))]),
                    ["dropped"] = lost,
                    ["capacity"] = audit.Capacity,
                });
                return;
            case (["sim", "audit"], "DELETE"):
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["cleared"] = audit.Clear() });
                return;
            case (["sim", "history", "compact"], "POST"):
                store.CompactHistory();
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["oldestResourceVersion"] = store.Revision });
                return;
            case (["sim", "metrics", "pods", var ns, var name], "PUT"):
                var pod = await Body(ctx);
                metrics.SetPod(ns, name, Containers(pod), time.GetUtcNow());
                await HttpIo.WriteJson(ctx, 200, pod);
                return;
            case (["sim", "metrics", "pods", var ns], "PUT"):
                var sample = await Body(ctx);
                var usage = Containers(sample);
                var selector = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
                var at = time.GetUtcNow();
                var set = 0;
                foreach (var p in store.List("pods", ns).Items.Where(p => selector.Matches(p.Labels)))
                {
                    metrics.SetPod(ns, p.Name, usage, at);
                    set++;
                }
                await HttpIo.WriteJson(ctx, 200, new JsonObject { ["pods"] = set, ["containers"] = sample["containers"]?.DeepClone() });
                return;
            case (["sim", "metrics", "nodes", var node], "PUT"):
                var n = await Body(ctx);
                metrics.SetNode(node, Quantity.ParseMillis((string?)n["cpu"] ?? "0", "cpu"), Quantity.ParseBytes((string?)n["memory"] ?? "0", "memory"), time.GetUtcNow());
                await HttpIo.WriteJson(ctx, 200, n);
                return;
            case (["sim", "metrics", "custom", .. var rest], "PUT" or "DELETE"):
                var target = MetricsAdmin.CustomTarget(rest) ?? throw ApiException.BadRequest(
                    $"{path}: expected /sim/metrics/custom/namespaces/{{ns}}/{{resource}}/{{name}}/{{metric}}, /sim/metrics/custom/{{resource}}/{{name}}/{{metric}} or /sim/metrics/custom/namespaces/{{ns}}/metrics/{{metric}}");
                await HttpIo.WriteJson(ctx, 200, method == "PUT" ? _metricsAdmin.PutCustom(target, await Body(ctx)) : _metricsAdmin.DeleteCustom(target));
                return;
            case (["sim", "metrics", "external", "namespaces", var ns, var metric], "PUT"):
                await HttpIo.WriteJson(ctx, 200, _metricsAdmin.PutExternal(ns, metric, await Body(ctx)));
                return;
            case (["sim", "metrics", "external", "namespaces", var ns, var metric], "DELETE"):
                await HttpIo.WriteJson(ctx, 200, _metricsAdmin.DeleteExternal(ns, metric));
                return;
            default:
                throw ApiException.NoSuchResource();
        }
    }

    /// <summary>{"containers":[{"name":"app","cpu":"250m","memory":"128Mi"}]}</summary>
    private static List<ContainerUsage> Containers(JsonObject body) =>
        [.. (body["containers"] as JsonArray ?? []).Select(c => new ContainerUsage(
            (string?)c?["name"] ?? throw ApiException.BadRequest("containers[].name is required"),
            Quantity.ParseMillis((string?)c!["cpu"] ?? "0", "containers[].cpu"),
            Quantity.ParseBytes((string?)c["memory"] ?? "0", "containers[].memory")))];

    private static async Task<JsonObject> Body(HttpContext ctx) =>
        HttpIo.ParseBody(await HttpIo.ReadText(ctx), "application/json", "admin request") as JsonObject
            ?? throw ApiException.BadRequest("admin request: the body must be a JSON object");

    /// <summary>{"resource":"pods","verb":"list","errorShare":0.2,"status503":false,"conflictShare":0,"latencyMs":50,"dropWatchAfterMs":1000,"forceGone":false,"count":10}</summary>
    public static FaultRule ParseRule(JsonObject o)
    {
        try
        {
            var rule = new FaultRule
            {
                Resource = (string?)o["resource"],
                Verb = (string?)o["verb"],
                ErrorShare = (double?)o["errorShare"] ?? 0,
                Status503 = (bool?)o["status503"] ?? false,
                ConflictShare = (double?)o["conflictShare"] ?? 0,
                Latency = TimeSpan.FromMilliseconds((double?)o["latencyMs"] ?? 0),
                DropWatchAfter = o["dropWatchAfterMs"] is JsonValue d ? TimeSpan.FromMilliseconds(d.GetValue<double>()) : null,
                ForceGone = (bool?)o["forceGone"] ?? false,
                Count = (int?)o["count"],
            };
            rule.Validate();
            return rule;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw ApiException.BadRequest($"fault rule: {e.ParamName}: {e.Message.Split(" (Parameter")[0]}");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw ApiException.BadRequest($"fault rule: a field has the wrong type ({e.Message}); expected e.g. {{\"resource\":\"pods\",\"verb\":\"list\",\"errorShare\":0.2}}");
        }
    }

    private static JsonObject Describe(AuditRecord r) => new()
    {
        ["at"] = r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["user"] = r.User,
        ["verb"] = r.Verb,
        ["group"] = r.Group,
        ["resource"] = r.Resource,
        ["subresource"] = r.Subresource,
        ["namespace"] = r.Namespace,
        ["name"] = r.Name,
        ["code"] = r.Code,
    };

    private static JsonObject Describe(FaultRule r) => new()
    {
        ["resource"] = r.Resource,
        ["verb"] = r.Verb,
        ["errorShare"] = r.ErrorShare,
        ["conflictShare"] = r.ConflictShare,
        ["latencyMs"] = r.Latency.TotalMilliseconds,
        ["dropWatchAfterMs"] = r.DropWatchAfter?.TotalMilliseconds,
        ["forceGone"] = r.ForceGone,
        ["count"] = r.Count,
    };
}
