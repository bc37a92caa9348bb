using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// What the generic resource handler does with one request once it is parsed, without HTTP: which
/// <see cref="ResourceService"/> call a verb, a subresource and a body make, the scope and verb checks, and the
/// answer's body. <see cref="ResourceEndpoint"/> serves HTTP through it; in-process callers (fast mode's transport
/// for the service's actuation code) write by REST path through the same rules, e.g.
/// <c>MergePatch("/apis/apps/v1/namespaces/wordpress/deployments/wordpress/scale", {"spec":{"replicas":30}})</c>.
/// In process there is no authentication, RBAC, fault injection or audit: those belong to the HTTP pipeline.
/// </summary>
public sealed class ResourceRequests(ResourceService service, string fieldManager)
{
    public ResourceService Service { get; } = service;

    /// <summary>POST a collection path (<c>/apis/apps/v1/namespaces/ns/deployments</c>); answers the created object.</summary>
    public JsonObject Create(string path, JsonObject body)
    {
        var (req, t) = Resolve(path, "POST");
        CheckKind(t, null, body);
        return Create(req, t, body, Options(null)).Object;
    }

    /// <summary>PUT an object, its status or its scale; answers what the server answers.</summary>
    public JsonObject Update(string path, JsonObject body)
    {
        var (req, t) = Resolve(path, "PUT");
        CheckKind(t, req.Subresource, body);
        return Update(req, t, body, Options(req.Subresource)).Object;
    }

    /// <summary>PATCH an object, its status or its scale with a patch of <paramref name="patchType"/> (<see cref="ResourceService.MergePatch"/>, ...).</summary>
    public JsonObject Patch(string path, string patchType, JsonNode patch)
    {
        var (req, t) = Resolve(path, "PATCH");
        CheckPatch(req, t, patchType);
        return Patch(req, t, patchType, patch, Options(req.Subresource)).Object;
    }

    /// <summary>
    /// DELETE an object with a DeleteOptions body (or none); answers the object (while finalizers hold it, or for
    /// kinds that return it) or a Success Status.
    /// </summary>
    public JsonObject Delete(string path, JsonNode? options = null)
    {
        var (req, t) = Resolve(path, "DELETE");
        return Delete(req, t, DeleteOptionsOf(options, DeleteOptions.Default));
    }

    /// <summary>
    /// A DeleteOptions body over what the query said: propagationPolicy (orphanDependents: true is Orphan),
    /// preconditions, dryRun ["All"], gracePeriodSeconds; the body wins where it says something.
    /// </summary>
    public static DeleteOptions DeleteOptionsOf(JsonNode? body, DeleteOptions query)
    {
        if (body is null)
            return query;
        var policy = (string?)body["propagationPolicy"] ?? query.PropagationPolicy;
        if ((string?)body["orphanDependents"]?.ToJsonString() == "true")
            policy = "Orphan";
        var dryRun = query.DryRun || (body["dryRun"] is JsonArray d && d.Any(x => (string?)x == "All"));
        return new DeleteOptions(policy, (string?)body["preconditions"]?["uid"], (string?)body["preconditions"]?["resourceVersion"], dryRun,
            (long?)body["gracePeriodSeconds"] ?? query.GracePeriodSeconds);
    }

    /// <summary>The HTTP front's defaults for a write: no dry run, fieldValidation Warn, this caller as field manager.</summary>
    private WriteOptions Options(string? subresource) => new(false, fieldManager, "Warn", false, subresource);

    private (RequestInfo Request, ResourceType Type) Resolve(string path, string method)
    {
        if (path.Contains('?', StringComparison.Ordinal))
            throw ApiException.BadRequest($"{path}: query parameters are not taken in process; the write options are the HTTP front's defaults");
        // As ASP.NET hands the HTTP front its path: unescaped (ApiResource-style callers escape names).
        var unescaped = Uri.UnescapeDataString(path);
        var req = RequestInfo.Parse(unescaped, method, watch: false, (g, v, p) => Service.Registry.Find(g, v, p) is not null);
        if (req is not { Plural.Length: > 0 })
            throw ApiException.NoSuchResource();
        var t = Service.Registry.Find(req.Group, req.Version, req.Plural) ?? throw ApiException.NoSuchResource();
        CheckVerb(req, t);
        if (t.IsVirtual)
            throw ApiException.MethodNotAllowed();
        CheckScope(req, t);
        return (req, t);
    }

    /// <summary>A verb the kind does not serve (a subresource has its own rules).</summary>
    internal static void CheckVerb(RequestInfo req, ResourceType t)
    {
        if (!t.Verbs.Contains(req.Verb) && req.Subresource is null)
            throw ApiException.MethodNotAllowed();
    }

    /// <summary>A namespaced kind needs a namespace (except to list or watch across all), a cluster-scoped kind has none.</summary>
    internal static void CheckScope(RequestInfo req, ResourceType t)
    {
        if (t.Namespaced && req.Namespace is null && req.Verb is not ("list" or "watch"))
            throw ApiException.NoSuchResource();
        if (!t.Namespaced && req.Namespace is not null)
            throw ApiException.NoSuchResource();
    }

    /// <summary>A body of another kind than the path names (Scale for the scale subresource) is refused.</summary>
    internal static void CheckKind(ResourceType t, string? subresource, JsonObject body)
    {
        var expectedKind = subresource == "scale" ? "Scale" : t.Kind;
        if (body["kind"] is JsonValue k && (string?)k is { Length: > 0 } kind && kind != expectedKind)
            throw ApiException.BadRequest($"the API version in the data ({(string?)body["apiVersion"]}) does not match the expected API version ({t.ApiVersion})");
    }

    /// <summary>POST to a collection: the created object and 201.</summary>
    internal (JsonObject Object, int Code) Create(RequestInfo req, ResourceType t, JsonObject body, WriteOptions options)
    {
        if (req.Name is not null)
            throw ApiException.NoSuchResource();   // a subresource POST (eviction, binding) is HTTP's own handler
        return (Service.Create(t, req.Namespace ?? "", body, options), 201);
    }

    /// <summary>PUT: the object, its status (or a Namespace's finalize), or its scale; 201 when a PUT created (Lease).</summary>
    internal (JsonObject Object, int Code) Update(RequestInfo req, ResourceType t, JsonObject body, WriteOptions options)
    {
        var name = req.Name ?? throw ApiException.MethodNotAllowed();
        var ns = req.Namespace ?? "";
        switch (req.Subresource)
        {
            case null:
            case "status" when t.HasStatusSubresource:
            case "finalize" when t.Kind == "Namespace":
                var (result, created) = Service.Update(t, ns, name, body, options with { Subresource = req.Subresource == "finalize" ? null : req.Subresource });
                return (result, created ? 201 : 200);
            case "scale" when t.Scale is not null:
                return (Service.UpdateScale(t, ns, name, body, options with { Subresource = "scale" }), 200);
            default:
                throw ApiException.NoSuchResource();
        }
    }

    private static readonly string[] PatchTypes = [ResourceService.JsonPatch, ResourceService.MergePatch, ResourceService.StrategicPatch, ResourceService.ApplyPatch];

    /// <summary>
    /// A patch names an object, or its status or scale where the kind serves them, and comes in a patch media type
    /// (strategic merge on a custom resource is refused later, by the service, with the list it does take).
    /// </summary>
    internal static void CheckPatch(RequestInfo req, ResourceType t, string patchType)
    {
        if (req.Name is null)
            throw ApiException.MethodNotAllowed();
        if (req.Subresource is not null && !(req.Subresource == "status" && t.HasStatusSubresource) && !(req.Subresource == "scale" && t.Scale is not null))
            throw ApiException.NoSuchResource();
        if (!PatchTypes.Contains(patchType))
            throw ApiException.UnsupportedMediaType(patchType, t.IsCustom ? PatchTypes.Where(p => p != ResourceService.StrategicPatch) : PatchTypes);
    }

    /// <summary>PATCH the object, its status or its scale (checked by <see cref="CheckPatch"/>); 201 when an apply patch created it.</summary>
    internal (JsonObject Object, int Code) Patch(RequestInfo req, ResourceType t, string patchType, JsonNode patch, WriteOptions options)
    {
        var name = req.Name ?? throw ApiException.MethodNotAllowed();
        var (result, created) = Service.Patch(t, req.Namespace ?? "", name, patchType, patch, options with { Subresource = req.Subresource });
        return (result, created ? 201 : 200);
    }

    /// <summary>DELETE: the object when it stays (finalizers), when the kind returns it, or in a dry run; else a Success Status naming it.</summary>
    internal JsonObject Delete(RequestInfo req, ResourceType t, DeleteOptions options)
    {
        if (req.Subresource is not null)
            throw ApiException.MethodNotAllowed();
        var name = req.Name ?? throw ApiException.MethodNotAllowed();
        var (obj, removed) = Service.Delete(t, req.Namespace ?? "", name, options);
        if (t.ReturnDeletedObject || !removed || options.DryRun)
            return obj!;
        var details = new JsonObject { ["name"] = name };
        if (t.Group.Length > 0)
            details["group"] = t.Group;
        details["kind"] = t.Plural;
        details["uid"] = obj?["metadata"]?["uid"]?.DeepClone();
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
