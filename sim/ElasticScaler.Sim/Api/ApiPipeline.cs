using ElasticScaler.Sim.Auth;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Semantics;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// One request through the apiserver's filter chain: no-cache headers, authentication, non-resource paths (discovery,
/// OpenAPI, version), admin endpoints, RBAC, fault injection, then the generic resource handler. Every error leaves as a
/// Status body; nothing escapes as a bare 500. Every resource request is recorded in the audit as its answer starts.
/// </summary>
public sealed class ApiPipeline(
    ResourceService service,
    TokenAuthenticator authenticator,
    RbacAuthorizer authorizer,
    FaultInjector faults,
    ResourceEndpoint resources,
    AdminEndpoint admin,
    AuditLog audit,
    Func<string> serverAddress,
    Func<Registry.ResourceType, IReadOnlyList<MetricResource>> metricResources)
{
    private static readonly string[] Public = ["/version", "/healthz", "/livez", "/readyz"];

    public async Task Handle(HttpContext ctx)
    {
        ctx.Response.Headers.CacheControl = "no-cache, private";
        ctx.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        var entry = new AuditEntry(service.Time.GetUtcNow());
        // Recorded when the answer starts, with its code: a watch as soon as its headers go out, not when it ends;
        // a request whose client went away before any answer is not recorded.
        ctx.Response.OnStarting(() =>
        {
            if (entry.Request is { } r)
                audit.Add(new AuditRecord(entry.At, entry.User, r.Verb, r.Group, r.Plural, r.Subresource, r.Namespace, r.Name, ctx.Response.StatusCode));
            return Task.CompletedTask;
        });
        try
        {
            await Dispatch(ctx, entry);
        }
        catch (ApiException e)
        {
            if (!ctx.Response.HasStarted)
                await HttpIo.WriteStatus(ctx, e);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException or ArgumentException or InvalidCastException)
        {
            // A body of the wrong shape (a string where an object belongs, a number where a string does) is the client's error.
            if (!ctx.Response.HasStarted)
                await HttpIo.WriteStatus(ctx, ApiException.BadRequest($"the request body is not a valid object: {e.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug in the sim: answer as the apiserver answers a panic, with a Status, so clients see a 500 and not a reset.
            if (!ctx.Response.HasStarted)
                await HttpIo.WriteStatus(ctx, ApiException.Internal(e.GetType().Name + ": " + e.Message));
        }
    }

    private async Task Dispatch(HttpContext ctx, AuditEntry entry)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var method = ctx.Request.Method;
        if (Public.Contains(path.TrimEnd('/')))
        {
            if (path.StartsWith("/version", StringComparison.Ordinal))
            {
                await HttpIo.WriteJson(ctx, 200, Discovery.Version());
                return;
            }
            // Health endpoints answer plain text, as the apiserver's healthz handlers do.
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            await ctx.Response.WriteAsync("ok", ctx.RequestAborted);
            return;
        }
        var watch = HttpIo.QueryBool(ctx, "watch");
        var req = RequestInfo.Parse(path, method, watch, (g, v, p) => service.Registry.Find(g, v, p) is not null);
        if (req is { Plural.Length: > 0 })
            entry.Request = req;
        var id = authenticator.Authenticate(ctx.Request.Headers.Authorization.ToString())
            ?? throw new ApiException(401, "Unauthorized", "Unauthorized");
        entry.User = id.User;
        if (path.StartsWith("/sim/", StringComparison.Ordinal))
        {
            if (!id.IsMaster)
                throw new ApiException(403, "Forbidden", $"forbidden: User \"{id.User}\" cannot {method.ToLowerInvariant()} path \"{path}\"");
            await admin.Serve(ctx, path);
            return;
        }
        if (req is null || (req.Plural.Length == 0))
        {
            if (!authorizer.Allowed(id, new AccessRequest(method.ToLowerInvariant(), "", "", null, null, null, path)))
                throw new ApiException(403, "Forbidden", $"forbidden: User \"{id.User}\" cannot get path \"{path}\"");
            await NonResource(ctx, path);
            return;
        }
        var type = service.Registry.Find(req.Group, req.Version, req.Plural);
        if (type is null)
        {
            if (!service.Registry.HasGroupVersion(req.Group, req.Version) || req.Verb == "unknown")
                throw ApiException.NoSuchResource();
            throw ApiException.NoSuchResource();
        }
        var access = new AccessRequest(req.Verb, req.Group, req.Plural, req.Subresource, type.Namespaced ? req.Namespace : null, req.Name);
        if (!authorizer.Allowed(id, access))
            throw RbacAuthorizer.Forbidden(id, access);
        var fault = faults.Decide(req.Resource, req.Verb);
        if (fault.Latency > TimeSpan.Zero)
            await Task.Delay(fault.Latency, service.Time, ctx.RequestAborted);
        if (fault.ErrorCode is { } code)
            throw code == 503
                ? new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request (injected fault)")
                : ApiException.Internal("injected fault");
        await resources.Serve(ctx, req, type, id, fault);
    }

    private async Task NonResource(HttpContext ctx, string path)
    {
        var trimmed = path.TrimEnd('/');
        var segs = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var r = service.Registry;
        switch (segs)
        {
            case ["api"]:
                if (HttpIo.WantsAggregatedDiscovery(ctx))
                    await HttpIo.WriteJson(ctx, 200, Discovery.Aggregated(r, core: true, metricResources), Discovery.AggregatedContentType);
                else
                    await HttpIo.WriteJson(ctx, 200, Discovery.ApiVersions(serverAddress()));
                return;
            case ["apis"]:
                if (HttpIo.WantsAggregatedDiscovery(ctx))
                    await HttpIo.WriteJson(ctx, 200, Discovery.Aggregated(r, core: false, metricResources), Discovery.AggregatedContentType);
                else
                    await HttpIo.WriteJson(ctx, 200, Discovery.GroupList(r));
                return;
            case ["api", var v]:
                await HttpIo.WriteJson(ctx, 200, Discovery.ResourceList(r, "", v, metricResources) ?? throw ApiException.NoSuchResource());
                return;
            case ["apis", var g]:
                await HttpIo.WriteJson(ctx, 200, Discovery.GroupDoc(r, g) ?? throw ApiException.NoSuchResource());
                return;
            case ["apis", var g, var v]:
                await HttpIo.WriteJson(ctx, 200, Discovery.ResourceList(r, g, v, metricResources) ?? throw ApiException.NoSuchResource());
                return;
            case ["openapi", "v3"]:
                await HttpIo.WriteJson(ctx, 200, OpenApi.Index(r));
                return;
            case ["openapi", "v3", .. var rest]:
                await HttpIo.WriteJson(ctx, 200, OpenApi.ForPath(r, string.Join('/', rest)) ?? throw ApiException.NoSuchResource());
                return;
            case ["openapi", "v2"]:
                await HttpIo.WriteJson(ctx, 200, OpenApi.V2(r));
                return;
            default:
                throw ApiException.NoSuchResource();
        }
    }

    /// <summary>What the audit record of one request knows so far (filled in as the pipeline learns it).</summary>
    private sealed class AuditEntry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;
        public string User { get; set; } = "";
        public RequestInfo? Request { get; set; }
    }
}
