using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// Streams a watch: one JSON event per line, flushed at once. resourceVersion unset or "0" starts with synthetic ADDED
/// events; "N" replays what happened after N, or answers an ERROR 410 Expired event when N is past the retained history.
/// Objects entering or leaving the selectors are sent as ADDED or DELETED; BOOKMARKs come when asked for.
/// </summary>
public sealed class WatchEndpoint(ResourceService service, TimeSpan bookmarkInterval)
{
    public async Task Serve(HttpContext ctx, ResourceType t, string? ns, FaultDecision fault)
    {
        var labels = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
        var fields = FieldSelector.Parse(HttpIo.Query(ctx, "fieldSelector"), t);
        var rvText = HttpIo.Query(ctx, "resourceVersion");
        var bookmarks = HttpIo.QueryBool(ctx, "allowWatchBookmarks");
        var table = HttpIo.WantsTable(ctx);
        var timeoutSeconds = HttpIo.QueryLong(ctx, "timeoutSeconds");
        long fromRv = 0;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0" &&
            !long.TryParse(rvText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out fromRv))
            throw ApiException.BadRequest($"resourceVersion: Invalid value: \"{rvText}\": must be a valid resource version");

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = HttpIo.Json;
        ctx.Response.Headers.CacheControl = "no-cache, private";
        await ctx.Response.StartAsync(ctx.RequestAborted);
        var body = ctx.Response.Body;

        var scope = t.Namespaced ? ns : null;
        WatchSubscription sub;
        IReadOnlyList<StoreEvent> replay;
        var initial = new List<StoredObject>();
        try
        {
            if (fault.ForceGone && fromRv > 0)
                throw new ResourceVersionTooOldException(fromRv, service.Store.Revision);
            if (fromRv == 0)
            {
                var (items, listRv) = service.Store.List(t.StorageKey, scope);
                initial.AddRange(items.Where(o => labels.Matches(o.Labels) && fields.Matches(o.Fields)));
                (sub, replay) = service.Store.Watch(t.StorageKey, scope, listRv);
            }
            else
                (sub, replay) = service.Store.Watch(t.StorageKey, scope, fromRv);
        }
        catch (ResourceVersionTooOldException e)
        {
            var status = ApiException.Status(410, "Expired", e.Message, null);
            await WriteLine(body, Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "ERROR", ["object"] = status }.ToJsonString() + "\n"), ctx.RequestAborted);
            return;
        }
        using var _ = sub;
        var limit = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : TimeSpan.FromMinutes(30 + Random.Shared.Next(30));
        if (fault.DropWatchAfter is { } drop && drop < limit)
            limit = drop;
        using var timeout = new CancellationTokenSource(limit, service.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ctx.RequestAborted);
        var first = true;
        try
        {
            foreach (var o in initial)
            {
                await Send(body, t, WatchEventType.Added, o, table, first, linked.Token);
                first = false;
            }
            foreach (var e in replay)
                await Deliver(body, t, e, labels, fields, table, () => first = false, first, linked.Token);
            if (initial.Count > 0 || replay.Count > 0)
                first = false;
            await body.FlushAsync(linked.Token);
            while (!linked.IsCancellationRequested)
            {
                using var tick = new CancellationTokenSource(bookmarkInterval, service.Time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(linked.Token, tick.Token);
                bool more;
                try
                {
                    more = await sub.Events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!linked.IsCancellationRequested)
                {
                    if (bookmarks)
                        await WriteLine(body, Bookmark(t, service.Store.Revision), linked.Token);
                    continue;
                }
                if (!more)
                    break;
                while (sub.Events.TryRead(out var e))
                {
                    var sent = await Deliver(body, t, e, labels, fields, table, () => { }, first, linked.Token);
                    if (sent)
                        first = false;
                }
                await body.FlushAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> Deliver(Stream body, ResourceType t, StoreEvent e, LabelSelector labels, FieldSelector fields, bool table,
        Action sentFirst, bool first, CancellationToken ct)
    {
        var now = labels.Matches(e.Current.Labels) && fields.Matches(e.Current.Fields);
        var before = e.Previous is not null && labels.Matches(e.Previous.Labels) && fields.Matches(e.Previous.Fields);
        WatchEventType? type = e.Type switch
        {
            WatchEventType.Added => now ? WatchEventType.Added : null,
            WatchEventType.Deleted => before || now ? WatchEventType.Deleted : null,
            _ => (now, before) switch
            {
                (true, true) => WatchEventType.Modified,
                (true, false) => WatchEventType.Added,
                (false, true) => WatchEventType.Deleted,
                _ => null,
            },
        };
        if (type is not { } tp)
            return false;
        var line = Line(t, tp, e, table, first);
        await body.WriteAsync(line, ct);
        sentFirst();
        return true;
    }

    private Task Send(Stream body, ResourceType t, WatchEventType type, StoredObject o, bool table, bool first, CancellationToken ct) =>
        body.WriteAsync(Line(t, type, new StoreEvent(type, o, null), table, first), ct).AsTask();

    private byte[] Line(ResourceType t, WatchEventType type, StoreEvent e, bool table, bool first)
    {
        if (!table && !t.IsCustom && t.StorageKeyOverride is null)
            return e.JsonLine(type);
        var obj = ResourceService.View(t, e.Current.Parse());
        JsonNode payload = table ? Tables.Build(t, [obj], null, null, service.Time.GetUtcNow(), includeDefinitions: first) : obj;
        return StoreEvent.BuildLine(StoreEvent.TypeName(type), Encoding.UTF8.GetBytes(payload.ToJsonString()));
    }

    private static byte[] Bookmark(ResourceType t, long rv) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["type"] = "BOOKMARK",
        ["object"] = new JsonObject
        {
            ["kind"] = t.Kind,
            ["apiVersion"] = t.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = rv.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
    }.ToJsonString() + "\n");

    private static async Task WriteLine(Stream body, byte[] line, CancellationToken ct)
    {
        await body.WriteAsync(line, ct);
        await body.FlushAsync(ct);
    }
}
