using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Auth;
using ElasticScaler.Sim.Faults;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using Microsoft.AspNetCore.Http;

namespace ElasticScaler.Sim.Api;

/// <summary>The generic REST handler for every kind: get, list, create, update, patch, delete, and the status/scale subresources.</summary>
public sealed class ResourceEndpoint(ResourceService service, WatchEndpoint watch, MetricsApi metrics, RbacAuthorizer authorizer)
{
    private static readonly string[] BodyTypes = ["application/json", "application/yaml"];
    private static readonly string[] PatchTypes = [ResourceService.JsonPatch, ResourceService.MergePatch, ResourceService.StrategicPatch, ResourceService.ApplyPatch];

    public async Task Serve(HttpContext ctx, RequestInfo req, ResourceType t, Identity id, FaultDecision fault)
    {
        if (!t.Verbs.Contains(req.Verb) && req.Subresource is null)
            throw ApiException.MethodNotAllowed();
        if (t.IsVirtual)
        {
            await ServeVirtual(ctx, req, t, id);
            return;
        }
        if (fault.Conflict && req.Name is not null)
            throw ApiException.Conflict(t, req.Name);
        var ns = req.Namespace ?? "";
        if (t.Namespaced && req.Namespace is null && req.Verb is not ("list" or "watch"))
            throw ApiException.NoSuchResource();
        if (!t.Namespaced && req.Namespace is not null)
            throw ApiException.NoSuchResource();
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
                await Delete(ctx, req, t, ns);
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
        var expectedKind = subresource == "scale" ? "Scale" : t.Kind;
        if (o["kind"] is JsonValue k && (string?)k is { Length: > 0 } kind && kind != expectedKind)
            throw ApiException.BadRequest($"the API version in the data ({(string?)o["apiVersion"]}) does not match the expected API version ({t.ApiVersion})");
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
        var created = service.Create(t, ns, obj, Options(ctx, null));
        await HttpIo.WriteJson(ctx, 201, created);
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
        switch (req.Subresource)
        {
            case null:
            case "status" when t.HasStatusSubresource:
            case "finalize" when t.Kind == "Namespace":
                var (result, created) = service.Update(t, ns, name, obj, Options(ctx, req.Subresource == "finalize" ? null : req.Subresource));
                await HttpIo.WriteJson(ctx, created ? 201 : 200, result);
                return;
            case "scale" when t.Scale is not null:
                await HttpIo.WriteJson(ctx, 200, service.UpdateScale(t, ns, name, obj, Options(ctx, "scale")));
                return;
            default:
                throw ApiException.NoSuchResource();
        }
    }

    private async Task Patch(HttpContext ctx, RequestInfo req, ResourceType t, string ns, Identity id)
    {
        var name = req.Name ?? throw ApiException.MethodNotAllowed();
        if (req.Subresource is not null && !(req.Subresource == "status" && t.HasStatusSubresource) && !(req.Subresource == "scale" && t.Scale is not null))
            throw ApiException.NoSuchResource();
        var media = HttpIo.MediaType(ctx.Request.ContentType);
        if (!PatchTypes.Contains(media))
            throw ApiException.UnsupportedMediaType(media, t.IsCustom ? PatchTypes.Where(p => p != ResourceService.StrategicPatch) : PatchTypes);
        var text = await HttpIo.ReadText(ctx);
        var patch = HttpIo.ParseBody(text, media, "error decoding patch");
        if (req.Subresource is null && media == ResourceService.ApplyPatch)
            AuthorizeCreate(req, t, ns, name, id);
        var (result, created) = service.Patch(t, ns, name, media, patch, Options(ctx, req.Subresource, media == ResourceService.ApplyPatch));
        await HttpIo.WriteJson(ctx, created ? 201 : 200, result);
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

    private async Task Delete(HttpContext ctx, RequestInfo req, ResourceType t, string ns)
    {
        if (req.Subresource is not null)
            throw ApiException.MethodNotAllowed();
        var name = req.Name!;
        var options = await ReadDeleteOptions(ctx);
        var (obj, removed) = service.Delete(t, ns, name, options);
        if (t.ReturnDeletedObject || !removed || options.DryRun)
        {
            await HttpIo.WriteJson(ctx, 200, obj!);
            return;
        }
        var details = new JsonObject { ["name"] = name };
        if (t.Group.Length > 0)
            details["group"] = t.Group;
        details["kind"] = t.Plural;
        details["uid"] = obj?["metadata"]?["uid"]?.DeepClone();
        await HttpIo.WriteJson(ctx, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        });
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
        var policy = HttpIo.Query(ctx, "propagationPolicy");
        var dryRun = HttpIo.Query(ctx, "dryRun") == "All";
        long? grace = HttpIo.Query(ctx, "gracePeriodSeconds") is { Length: > 0 } ? HttpIo.QueryLong(ctx, "gracePeriodSeconds") : null;
        string? uid = null, rv = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var body = HttpIo.ParseBody(text, "application/json", "DeleteOptions");
            policy = (string?)body["propagationPolicy"] ?? policy;
            if ((string?)body["orphanDependents"]?.ToJsonString() == "true")
                policy = "Orphan";
            uid = (string?)body["preconditions"]?["uid"];
            rv = (string?)body["preconditions"]?["resourceVersion"];
            if (body["dryRun"] is JsonArray d && d.Any(x => (string?)x == "All"))
                dryRun = true;
            grace = (long?)body["gracePeriodSeconds"] ?? grace;
        }
        return new DeleteOptions(policy, uid, rv, dryRun, grace);
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
