using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Auth;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>The generic REST handler for every kind: get, list, create, update, patch, delete, and the status/scale subresources.</summary>
/// <remarks>What a verb does once the body is read is <see cref="ResourceRequests"/>', shared with in-process callers.</remarks>
public sealed class ResourceEndpoint(ResourceService service, WatchEndpoint watch, MetricsApi metrics, CustomMetricsApi customMetrics,
    ExternalMetricsApi externalMetrics, RbacAuthorizer authorizer)
{
    private static readonly string[] BodyTypes = ["application/json", "application/yaml"];
    // The field manager is per request (?fieldManager or the User-Agent), so it is always in the options passed.
    private readonly ResourceRequests _requests = new(service, "");

    public async Task Serve(HttpContext ctx, RequestInfo req, ResourceType t, Identity id, FaultDecision fault)
    {
        if (t.IsMetricsApi)
        {
            await ServeMetricsApi(ctx, req, t);
            return;
        }
        ResourceRequests.CheckVerb(req, t);
        if (t.IsVirtual)
        {
            await ServeVirtual(ctx, req, t, id);
            return;
        }
        if (fault.Conflict && req.Name is not null)
            throw ApiException.Conflict(t, req.Name);
        var ns = req.Namespace ?? "";
        ResourceRequests.CheckScope(req, t);
        switch (req.Verb)
        {
            case "get":
                await Get(ctx, req, t, ns);
                break;
            case "list":
                await List(ctx, t, req.Namespace);
                break;
            case "watch":
                await watch.Serve(ctx, t, req.Namespace, fault);
                break;
            case "create":
                await Create(ctx, req, t, ns);
                break;
            case "update":
                await Update(ctx, req, t, ns, id);
                break;
            case "patch":
                await Patch(ctx, req, t, ns, id);
                break;
            case "delete":
                await Delete(ctx, req, t);
                break;
            case "deletecollection":
                await DeleteCollection(ctx, t, req.Namespace);
                break;
            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    private async Task Get(HttpContext ctx, RequestInfo req, ResourceType t, string ns)
    {
        var name = req.Name!;
        JsonObject obj = req.Subresource switch
        {
            null => service.Get(t, ns, name),
            "status" when t.HasStatusSubresource => service.Get(t, ns, name),
            "scale" when t.Scale is not null => service.GetScale(t, ns, name),
            _ => throw ApiException.NoSuchResource(),
        };
        if (HttpIo.WantsTable(ctx) && req.Subresource is null)
            obj = Tables.Build(t, [obj], null, null, service.Time.GetUtcNow());
        await HttpIo.WriteJson(ctx, 200, obj);
    }

    private async Task List(HttpContext ctx, ResourceType t, string? ns)
    {
        var labels = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
        var fields = FieldSelector.Parse(HttpIo.Query(ctx, "fieldSelector"), t);
        var page = service.List(t, ns, labels, fields, HttpIo.QueryLong(ctx, "limit"), HttpIo.Query(ctx, "continue") is { Length: > 0 } c ? c : null);
        var rv = page.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (HttpIo.WantsTable(ctx))
        {
            var objects = page.Items.Select(o => ResourceService.View(t, o.Parse()));
            await HttpIo.WriteJson(ctx, 200, Tables.Build(t, objects, rv, page.Continue, service.Time.GetUtcNow()));
            return;
        }
        var meta = new JsonObject { ["resourceVersion"] = rv };
        if (page.Continue is not null)
        {
            meta["continue"] = page.Continue;
            meta["remainingItemCount"] = page.RemainingItemCount;
        }
        var head = $"{{\"kind\":\"{t.ListKind}\",\"apiVersion\":\"{t.ApiVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":[";
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = HttpIo.Json;
        var body = ctx.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes(head), ctx.RequestAborted);
        var comma = new[] { (byte)',' };
        var needsView = t.IsCustom || t.StorageKeyOverride is not null;
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
                await body.WriteAsync(comma, ctx.RequestAborted);
            var bytes = needsView ? Encoding.UTF8.GetBytes(ResourceService.View(t, page.Items[i].Parse()).ToJsonString()) : page.Items[i].Json;
            await body.WriteAsync(bytes, ctx.RequestAborted);
        }
        await body.WriteAsync("]}"u8.ToArray(), ctx.RequestAborted);
    }

    private static async Task<JsonObject> ReadObject(HttpContext ctx, ResourceType t, string? subresource = null)
    {
        var media = HttpIo.MediaType(ctx.Request.ContentType);
        if (media == ProtobufBody.MediaType)
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer, ctx.RequestAborted);
            return ProtobufBody.TryDecode(buffer.ToArray())
                ?? throw ApiException.UnsupportedMediaType(media, ["application/json", "application/yaml"]);
        }
        if (media.Length > 0 && !BodyTypes.Contains(media))
            throw ApiException.UnsupportedMediaType(media, ["application/json", "application/yaml"]);
        var text = await HttpIo.ReadText(ctx);
        var node = HttpIo.ParseBody(text, media, $"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}");
        if (node is not JsonObject o)
            throw ApiException.BadRequest($"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: json: cannot unmarshal {node.GetValueKind().ToString().ToLowerInvariant()} into Go value of type map[string]interface {{}}");
        if (o["metadata"] is not null and not JsonObject)
            throw ApiException.BadRequest($"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: json: cannot unmarshal into Go struct field {t.Kind}.metadata of type v1.ObjectMeta");
        ResourceRequests.CheckKind(t, subresource, o);
        return o;
    }

    private static WriteOptions Options(HttpContext ctx, string? subresource, bool apply = false)
    {
        var dryRun = HttpIo.Query(ctx, "dryRun");
        if (dryRun is { Length: > 0 } && dryRun != "All")
            throw ApiException.BadRequest($"dryRun: Unsupported value: \"{dryRun}\": supported values: \"All\"");
        var validation = HttpIo.Query(ctx, "fieldValidation") is { Length: > 0 } fv ? fv : "Warn";
        if (validation is not ("Ignore" or "Warn" or "Strict"))
            throw ApiException.BadRequest($"fieldValidation: Unsupported value: \"{validation}\": supported values: \"Ignore\", \"Warn\", \"Strict\"");
        var manager = HttpIo.Query(ctx, "fieldManager");
        if (string.IsNullOrEmpty(manager) && !apply)
            manager = DefaultManager(ctx);
        return new WriteOptions(dryRun == "All", manager, validation, HttpIo.QueryBool(ctx, "force"), subresource);
    }

    /// <summary>Without ?fieldManager the server names the manager after the User-Agent's program name.</summary>
    private static string DefaultManager(HttpContext ctx)
    {
        var ua = ctx.Request.Headers.UserAgent.ToString();
        var name = ua.Split('/')[0].Trim();
        return name.Length == 0 ? "unknown" : name;
    }

    private async Task Create(HttpContext ctx, RequestInfo req, ResourceType t, string ns)
    {
        if (req.Name is not null)
        {
            await CreateSubresource(ctx, req, t, ns);
            return;
        }
        var obj = await ReadObject(ctx, t);
        var (created, code) = _requests.Create(req, t, obj, Options(ctx, null));
        await HttpIo.WriteJson(ctx, code, created);
    }

    private async Task CreateSubresource(HttpContext ctx, RequestInfo req, ResourceType t, string ns)
    {
        var name = req.Name!;
        var body = await HttpIo.ReadText(ctx);
        var success = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success", ["code"] = 201 };
        switch (t.Kind, req.Subresource)
        {
            case ("Pod", "eviction"):
                service.Get(t, ns, name);
                service.Delete(t, ns, name, DeleteOptions.Default);
                await HttpIo.WriteJson(ctx, 201, success);
                return;
            case ("Pod", "binding"):
                var target = (string?)HttpIo.ParseBody(body, "application/json", "Binding")["target"]?["name"];
                if (string.IsNullOrEmpty(target))
                    throw ApiException.Invalid("", "Binding", name, [FieldCause.Required("target.name")]);
                service.Write(t, ns, name, pod =>
                {
                    var current = (string?)pod["spec"]?["nodeName"];
                    if (!string.IsNullOrEmpty(current))
                        throw ApiException.ConflictMessage(t, name, $"pod {name} is already assigned to node \"{current}\"");
                    pod["spec"]!["nodeName"] = target;
                    return pod;
                }, null, WriteOptions.Default with { Subresource = "binding" });
                await HttpIo.WriteJson(ctx, 201, success);
                return;
            default:
                throw ApiException.NoSuchResource();
        }
    }

    private async Task Update(HttpContext ctx, RequestInfo req, ResourceType t, string ns, Identity id)
    {
        var name = req.Name ?? throw ApiException.MethodNotAllowed();
        var obj = await ReadObject(ctx, t, req.Subresource);
        if (req.Subresource is null && t.AllowCreateOnUpdate)
            AuthorizeCreate(req, t, ns, name, id);
        var (result, code) = _requests.Update(req, t, obj, Options(ctx, req.Subresource));
        await HttpIo.WriteJson(ctx, code, result);
    }

    private async Task Patch(HttpContext ctx, RequestInfo req, ResourceType t, string ns, Identity id)
    {
        var media = HttpIo.MediaType(ctx.Request.ContentType);
        ResourceRequests.CheckPatch(req, t, media);
        var name = req.Name!;
        var text = await HttpIo.ReadText(ctx);
        var patch = HttpIo.ParseBody(text, media, "error decoding patch");
        if (req.Subresource is null && media == ResourceService.ApplyPatch)
            AuthorizeCreate(req, t, ns, name, id);
        var (result, code) = _requests.Patch(req, t, media, patch, Options(ctx, req.Subresource, media == ResourceService.ApplyPatch));
        await HttpIo.WriteJson(ctx, code, result);
    }

    /// <summary>
    /// A PUT that creates (Lease) or an apply patch of an absent object is authorized as create too, as the real update
    /// and patch handlers do (withAuthorization), so a role with update or patch alone cannot create through them. The
    /// message is theirs: NewForbidden with the RBAC authorizer's reason, which is empty for a plain deny.
    /// </summary>
    private void AuthorizeCreate(RequestInfo req, ResourceType t, string ns, string name, Identity id)
    {
        if (service.TryGet(t, ns, name) is not null)
            return;
        var access = new AccessRequest("create", t.Group, t.Plural, null, t.Namespaced ? ns : null, name);
        if (authorizer.Allowed(id, access))
            return;
        var details = new JsonObject { ["name"] = name };
        if (t.Group.Length > 0)
            details["group"] = t.Group;
        details["kind"] = t.Plural;
        throw new ApiException(403, "Forbidden", $"{t.GroupResource} \"{name}\" is forbidden: ", details);
    }

    private async Task Delete(HttpContext ctx, RequestInfo req, ResourceType t)
    {
        if (req.Subresource is not null)
            throw ApiException.MethodNotAllowed();
        var options = await ReadDeleteOptions(ctx);
        await HttpIo.WriteJson(ctx, 200, _requests.Delete(req, t, options));
    }

    private async Task DeleteCollection(HttpContext ctx, ResourceType t, string? ns)
    {
        var labels = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
        var fields = FieldSelector.Parse(HttpIo.Query(ctx, "fieldSelector"), t);
        var options = await ReadDeleteOptions(ctx);
        var items = new JsonArray();
        foreach (var o in service.List(t, ns, labels, fields).Items)
        {
            try
            {
                var (obj, _) = service.Delete(t, o.Namespace, o.Name, options);
                if (obj is not null)
                    items.Add(obj);
            }
            catch (ApiException e) when (e.Code == 404)
            {
            }
        }
        await HttpIo.WriteJson(ctx, 200, new JsonObject
        {
            ["kind"] = t.ListKind,
            ["apiVersion"] = t.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = service.Store.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private static async Task<DeleteOptions> ReadDeleteOptions(HttpContext ctx)
    {
        var text = await HttpIo.ReadText(ctx);
        long? grace = HttpIo.Query(ctx, "gracePeriodSeconds") is { Length: > 0 } ? HttpIo.QueryLong(ctx, "gracePeriodSeconds") : null;
        var query = new DeleteOptions(HttpIo.Query(ctx, "propagationPolicy"), null, null, HttpIo.Query(ctx, "dryRun") == "All", grace);
        return ResourceRequests.DeleteOptionsOf(string.IsNullOrWhiteSpace(text) ? null : HttpIo.ParseBody(text, "application/json", "DeleteOptions"), query);
    }

    /// <summary>
    /// custom.metrics.k8s.io and external.metrics.k8s.io take GET only (a custom read is verb get, an external one list,
    /// as the apiserver names them): labelSelector picks objects (custom) or series (external), metricLabelSelector series.
    /// </summary>
    private async Task ServeMetricsApi(HttpContext ctx, RequestInfo req, ResourceType t)
    {
        if (ctx.Request.Method != "GET" || req.Verb == "watch")
            throw ApiException.MethodNotAllowed();
        var labels = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
        var doc = t.Group == CustomMetricsApi.Group
            ? customMetrics.Get(req, labels, HttpIo.Query(ctx, "metricLabelSelector"))
            : externalMetrics.Get(req, labels);
        await HttpIo.WriteJson(ctx, 200, doc);
    }

    private async Task ServeVirtual(HttpContext ctx, RequestInfo req, ResourceType t, Identity id)
    {
        if (t.Group == "metrics.k8s.io")
        {
            var labels = LabelSelector.Parse(HttpIo.Query(ctx, "labelSelector"));
            JsonObject doc = (t.Plural, req.Name) switch
            {
                ("pods", null) => metrics.ListPods(req.Namespace, labels),
                ("pods", var n) => metrics.GetPod(req.Namespace ?? "", n),
                ("nodes", null) => metrics.ListNodes(labels),
                (_, var n) => metrics.GetNode(n!),
            };
            if (HttpIo.WantsTable(ctx))
            {
                var items = doc["items"] is JsonArray list ? list.OfType<JsonObject>() : [doc];
                doc = Tables.Build(t, items, null, null, service.Time.GetUtcNow());
            }
            await HttpIo.WriteJson(ctx, 200, doc);
            return;
        }
        if (req.Verb != "create")
            throw ApiException.MethodNotAllowed();
        var review = await ReadObject(ctx, t);
        if (t.Kind == "SelfSubjectReview")
        {
            review["status"] = new JsonObject
            {
                ["userInfo"] = new JsonObject { ["username"] = id.User, ["groups"] = new JsonArray(id.Groups.Select(g => (JsonNode)g).ToArray()) },
            };
            review["apiVersion"] = t.ApiVersion;
            review["kind"] = t.Kind;
            review["metadata"] = new JsonObject { ["creationTimestamp"] = null };
            await HttpIo.WriteJson(ctx, 201, review);
            return;
        }
        var spec = review["spec"] as JsonObject ?? throw ApiException.Invalid(t, "", [FieldCause.Required("spec")]);
        var subject = id;
        if (t.Kind == "SubjectAccessReview")
            subject = new Identity((string?)spec["user"] ?? "", (spec["groups"] as JsonArray ?? []).Select(g => (string?)g ?? "").ToList());
        var access = spec["resourceAttributes"] is JsonObject ra
            ? new AccessRequest((string?)ra["verb"] ?? "", (string?)ra["group"] ?? "", (string?)ra["resource"] ?? "",
                string.IsNullOrEmpty((string?)ra["subresource"]) ? null : (string?)ra["subresource"],
                string.IsNullOrEmpty((string?)ra["namespace"]) ? null : (string?)ra["namespace"],
                string.IsNullOrEmpty((string?)ra["name"]) ? null : (string?)ra["name"])
            : spec["nonResourceAttributes"] is JsonObject nra
                ? new AccessRequest((string?)nra["verb"] ?? "", "", "", null, null, null, (string?)nra["path"] ?? "")
                : throw ApiException.Invalid(t.Group, t.Kind, "", [FieldCause.Invalid("spec.resourceAttributes", null, "exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
        var allowed = authorizer.Allowed(subject, access);
        review["status"] = allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = "RBAC: allowed by the sim's RBAC authorizer" }
            : new JsonObject { ["allowed"] = false };
        review["apiVersion"] = t.ApiVersion;
        review["kind"] = t.Kind;
        review["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        await HttpIo.WriteJson(ctx, 201, review);
    }
}
