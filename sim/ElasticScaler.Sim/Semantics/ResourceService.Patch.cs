using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>PATCH in its four media types, and the scale subresource that maps onto spec.replicas.</summary>
public sealed partial class ResourceService
{
    public const string MergePatch = "application/merge-patch+json";
    public const string JsonPatch = "application/json-patch+json";
    public const string StrategicPatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>Applies a patch body of the given media type; server-side apply creates the object if absent (Created = true).</summary>
    public (JsonObject Object, bool Created) Patch(ResourceType t, string ns, string name, string patchType, JsonNode patch, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        if (patchType == StrategicPatch && t.IsCustom)
            throw ApiException.UnsupportedMediaType(patchType, [JsonPatch, MergePatch, ApplyPatch]);
        if (patchType == ApplyPatch)
            return Apply(t, ns, name, patch, options);
        if (patchType != JsonPatch && patch is not JsonObject)
            throw ApiException.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
        if (patchType == JsonPatch && patch is not JsonArray)
            throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        if (options.Subresource == "scale")
            return (PatchScale(t, ns, name, patchType, patch, options), false);
        var expectedRv = patchType == JsonPatch ? null : (string?)patch["metadata"]?["resourceVersion"];
        var result = Write(t, ns, name, live => Patched(t, live, patchType, patch), expectedRv, options);
        return (result, false);
    }

    private static JsonObject Patched(ResourceType t, JsonObject live, string patchType, JsonNode patch)
    {
        var result = patchType switch
        {
            MergePatch => Patches.Merge(live, patch),
            JsonPatch => Patches.Json(live, (JsonArray)patch),
            StrategicPatch => StrategicMerge.Apply(live, patch, t.Kind),
            _ => throw ApiException.UnsupportedMediaType(patchType, [JsonPatch, MergePatch, ApplyPatch, StrategicPatch]),
        };
        return result as JsonObject ?? throw ApiException.BadRequest("the patch result is not an object");
    }

    private (JsonObject, bool) Apply(ResourceType t, string ns, string name, JsonNode patch, WriteOptions options)
    {
        if (string.IsNullOrEmpty(options.FieldManager))
            throw ApiException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        if (patch is not JsonObject intent)
            throw ApiException.BadRequest("error decoding YAML: the apply body must be an object");
        var bodyName = (string?)intent["metadata"]?["name"];
        if (bodyName is not null && bodyName != name)
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        var now = JsonPath.Time(Time.GetUtcNow());
        if (TryGet(t, ns, name) is null && options.Subresource is null)
        {
            var created = ManagedFields.Apply(t, null, intent, options.FieldManager, options.Force, null, now);
            Meta(created)["name"] = name;
            var applyManager = options with { FieldManager = null };
            var obj = Create(t, ns, created, applyManager);
            return (obj, true);
        }
        var expectedRv = (string?)intent["metadata"]?["resourceVersion"];
        var result = Write(t, ns, name, live => ManagedFields.Apply(t, live, intent, options.FieldManager, options.Force, options.Subresource, now),
            expectedRv, options with { FieldManager = null });
        return (result, false);
    }

    public JsonObject GetScale(ResourceType t, string ns, string name) => ScaleOf(t, Get(t, ns, name));

    /// <summary>PUT /scale: only spec.replicas moves to the parent; a stale metadata.resourceVersion is a 409 on the parent.</summary>
    public JsonObject UpdateScale(ResourceType t, string ns, string name, JsonObject scale, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        var replicas = ReplicasOf(scale, name);
        var rv = (string?)scale["metadata"]?["resourceVersion"];
        var parent = Write(t, ns, name, live => SetReplicas(t, live, replicas), string.IsNullOrEmpty(rv) ? null : rv,
            options with { Subresource = "scale" });
        return ScaleOf(t, parent);
    }

    private JsonObject PatchScale(ResourceType t, string ns, string name, string patchType, JsonNode patch, WriteOptions options)
    {
        var expectedRv = patchType == JsonPatch ? null : (string?)patch["metadata"]?["resourceVersion"];
        var parent = Write(t, ns, name, live =>
        {
            var scale = ScaleOf(t, live);
            var patched = patchType switch
            {
                MergePatch => Patches.Merge(scale, patch),
                JsonPatch => Patches.Json(scale, (JsonArray)patch),
                _ => StrategicMerge.Apply(scale, patch, "Scale"),
            } as JsonObject ?? throw ApiException.BadRequest("the patch result is not an object");
            return SetReplicas(t, live, ReplicasOf(patched, name));
        }, expectedRv, options);
        return ScaleOf(t, parent);
    }

    private static long ReplicasOf(JsonObject scale, string name)
    {
        var node = scale["spec"]?["replicas"];
        if (node is null)
            return 0;
        if (JsonPath.Long(node) is not { } replicas)
            throw ApiException.BadRequest($"Scale in version \"v1\" cannot be handled as a Scale: json: cannot unmarshal {node.GetValueKind().ToString().ToLowerInvariant()} into Go struct field ScaleSpec.spec.replicas of type int32");
        if (replicas < 0)
            throw ApiException.Invalid("autoscaling", "Scale", name, [FieldCause.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
        return replicas;
    }

    private static JsonObject SetReplicas(ResourceType t, JsonObject live, long replicas)
    {
        JsonPath.Set(live, t.Scale!.SpecReplicasPath, replicas);
        return live;
    }

    /// <summary>The autoscaling/v1 Scale view of a parent object, with the parent's uid and resourceVersion.</summary>
    public static JsonObject ScaleOf(ResourceType t, JsonObject parent)
    {
        var paths = t.Scale ?? throw ApiException.NoSuchResource();
        var meta = parent["metadata"]!;
        var scaleMeta = new JsonObject();
        foreach (var key in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
            if (meta[key] is { } v)
                scaleMeta[key] = v.DeepClone();
        var status = new JsonObject { ["replicas"] = AsLong(JsonPath.Get(parent, paths.StatusReplicasPath)) };
        string? selector = null;
        if (!t.IsCustom)
            selector = LabelSelector.FromObject(parent["spec"]?["selector"]).ToString();
        else if (paths.LabelSelectorPath is { } lsp)
            selector = JsonPath.Text(JsonPath.Get(parent, lsp));
        if (!string.IsNullOrEmpty(selector))
            status["selector"] = selector;
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = AsLong(JsonPath.Get(parent, paths.SpecReplicasPath)) },
            ["status"] = status,
        };
    }

    private static long AsLong(JsonNode? n) => JsonPath.Long(n) ?? 0;
}
