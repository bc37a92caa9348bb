using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Logs;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// GET pods/{name}/log as the apiserver and a kubelet answer it together: the apiserver picks the container (400s
/// for a missing or unknown one, an empty answer for a pod no node runs yet), the kubelet refuses a container that has
/// not started (400 "container ... is waiting to start: ContainerCreating") and streams text/plain from the
/// container's log (<see cref="PodLogStore"/>) with tailLines, sinceSeconds/sinceTime, timestamps and limitBytes;
/// follow keeps streaming until the pod is gone or the client hangs up.
/// </summary>
public sealed class PodLogEndpoint(ResourceService service, PodLogStore logs)
{
    public async Task Serve(HttpContext ctx, ResourceType pods, string ns, string name)
    {
        var query = PodLogQuery.Parse(ctx, name);
        var pod = service.Get(pods, ns, name);
        var container = Container(pod, name, query.Container);
        ctx.Response.ContentType = "text/plain";
        if (string.IsNullOrEmpty((string?)pod["spec"]?["nodeName"]))
        {
            // The apiserver has no kubelet to ask: it answers 200 with nothing.
            ctx.Response.StatusCode = 200;
            return;
        }
        CheckStarted(pod, name, container, query.Previous);
        ctx.Response.StatusCode = 200;
        // Null only if the pod went between the read above and now: nothing to send.
        if (logs.Open(ns, name, container) is { } log)
            await Stream(ctx, log, query);
    }

    /// <summary>The apiserver's choice (LogLocation): the named container (or init container), or the only one.</summary>
    private static string Container(JsonObject pod, string name, string? wanted)
    {
        var containers = Names(pod, "containers");
        var init = Names(pod, "initContainers");
        if (wanted is not null)
            return containers.Contains(wanted) || init.Contains(wanted)
                ? wanted
                : throw ApiException.BadRequest($"container {wanted} is not valid for pod {name}");
        return containers.Count switch
        {
            1 => containers[0],
            0 => throw ApiException.BadRequest($"a container name must be specified for pod {name}"),
            _ => throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]"
                + (init.Count > 0 ? $" or one of the init containers: [{string.Join(' ', init)}]" : "")),
        };
    }

    /// <summary>The kubelet's check of the container's status before it reads a log (validateContainerLogStatus).</summary>
    private static void CheckStarted(JsonObject pod, string name, string container, bool previous)
    {
        var status = new[] { "containerStatuses", "initContainerStatuses" }
            .SelectMany(k => (pod["status"]?[k] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(s => (string?)s["name"] == container)
            ?? throw ApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is not available");
        if (previous)
        {
            // The sim never restarts a container, so there is no previous one to read.
            if (status["lastState"]?["terminated"] is null)
                throw ApiException.BadRequest($"previous terminated container \"{container}\" in pod \"{name}\" not found");
            return;
        }
        var state = status["state"];
        if (state?["running"] is not null || state?["terminated"] is not null || status["lastState"]?["terminated"] is not null)
            return;
        if (state?["waiting"] is { } waiting)
            throw ApiException.BadRequest((string?)waiting["reason"] switch
            {
                "ErrImagePull" => $"container \"{container}\" in pod \"{name}\" is waiting to start: image can't be pulled",
                "ImagePullBackOff" => $"container \"{container}\" in pod \"{name}\" is waiting to start: trying and failing to pull image",
                var reason => $"container \"{container}\" in pod \"{name}\" is waiting to start: {reason}",
            });
        throw ApiException.BadRequest($"container \"{container}\" in pod \"{name}\" is waiting to start - no logs yet");
    }

    private async Task Stream(HttpContext ctx, ContainerLog log, PodLogQuery query)
    {
        var ct = ctx.RequestAborted;
        var budget = query.LimitBytes ?? long.MaxValue;
        var (lines, closed, changed) = log.Read(0);
        var since = query.Since(service.Time.GetUtcNow());
        IEnumerable<LogLine> first = since is { } s ? lines.Where(l => l.At >= s) : lines;
        if (query.TailLines is { } tail)
            first = first.TakeLast((int)Math.Min(tail, int.MaxValue));
        var last = lines.Count > 0 ? lines[^1].Sequence : 0;
        budget = await Write(ctx, first, query.Timestamps, budget);
        if (!query.Follow)
            return;
        await ctx.Response.Body.FlushAsync(ct);
        while (budget > 0 && !closed)
        {
            try
            {
                await changed.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            (lines, closed, changed) = log.Read(last);
            if (lines.Count > 0)
                last = lines[^1].Sequence;
            budget = await Write(ctx, lines, query.Timestamps, budget);
            await ctx.Response.Body.FlushAsync(ct);
        }
    }

    /// <summary>Writes lines (each with its newline, and its RFC 3339 time with nanoseconds under timestamps) up to the byte budget; returns what is left.</summary>
    private static async Task<long> Write(HttpContext ctx, IEnumerable<LogLine> lines, bool timestamps, long budget)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (timestamps)
                text.Append(line.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
            text.Append(line.Text).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        // limitBytes may cut the last line, as the kubelet's limited writer does.
        var n = (int)Math.Min(bytes.Length, budget);
        await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, n), ctx.RequestAborted);
        return budget - n;
    }

    private static List<string> Names(JsonObject pod, string key) =>
        [.. ((pod["spec"]?[key] as JsonArray)?.OfType<JsonObject>() ?? []).Select(c => (string?)c["name"] ?? "")];
}
