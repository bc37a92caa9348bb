using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// The apiserver's registry layer, usable in-process without HTTP: create, read, list, update, patch, delete and watch
/// with the real metadata, concurrency, status/spec, finalizer and garbage-collection rules. Controllers of sim part 2
/// call this directly; the HTTP front calls it too, so both see the same semantics.
/// </summary>
public sealed partial class ResourceService(ResourceRegistry registry, ObjectStore store, TimeProvider time)
{
    private const string NameChars = "bcdfghjklmnpqrstvwxz2456789";

    public ResourceRegistry Registry { get; } = registry;
    public ObjectStore Store { get; } = store;
    public TimeProvider Time { get; } = time;

    /// <summary>Called after a CRD is written or removed, so its resources are served (set by the CRD controller).</summary>
    internal Action<JsonObject?, JsonObject?>? CrdChanged { get; set; }

    public ResourceType Type(string group, string version, string plural) =>
        Registry.Find(group, version, plural) ?? throw ApiException.NoSuchResource();

    public JsonObject Get(ResourceType t, string ns, string name)
    {
        var o = Store.Get(t.StorageKey, Ns(t, ns), name) ?? throw ApiException.NotFound(t, name);
        return View(t, o.Parse());
    }

    public JsonObject? TryGet(ResourceType t, string ns, string name) =>
        Store.Get(t.StorageKey, Ns(t, ns), name) is { } o ? View(t, o.Parse()) : null;

    /// <summary>Lists matching objects in etcd key order; limit/continue page through a consistent snapshot-by-key.</summary>
    public ListPage List(ResourceType t, string? ns, LabelSelector labels, FieldSelector fields, long limit = 0, string? continueToken = null)
    {
        var (all, rv) = Store.List(t.StorageKey, t.Namespaced ? ns : null);
        var matching = all.Where(o => labels.Matches(o.Labels) && fields.Matches(o.Fields));
        if (continueToken is not null)
        {
            var (after, tokenRv) = ContinueToken.Decode(continueToken);
            if (tokenRv < Store.Revision - 100_000)
                throw ApiException.Gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            matching = matching.Where(o => string.CompareOrdinal(o.Namespace + "/" + o.Name, after) > 0);
            rv = tokenRv;
        }
        var items = matching.ToList();
        if (limit > 0 && items.Count > limit)
        {
            var page = items.Take((int)limit).ToList();
            var last = page[^1];
            return new ListPage(page, rv, ContinueToken.Encode(last.Namespace + "/" + last.Name, rv), items.Count - limit);
        }
        return new ListPage(items, rv, null, null);
    }

    public JsonObject Create(ResourceType t, string ns, JsonObject obj, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        ns = Ns(t, ns);
        obj = ToStorage(t, Decoded(t, obj.DeepClone().AsObject(), options));
        var meta = Meta(obj);
        CheckBodyNamespace(t, ns, meta);
        if (t.Namespaced)
        {
            meta["namespace"] = ns;
            RequireNamespace(ns);
        }
        if (string.IsNullOrEmpty((string?)meta["name"]) && (string?)meta["generateName"] is { Length: > 0 } prefix)
            meta["name"] = prefix + RandomSuffix();
        var name = (string?)meta["name"] ?? "";
        obj["apiVersion"] = t.StorageKeyOverride is null ? t.ApiVersion : "v1";
        obj["kind"] = t.Kind;
        var now = Time.GetUtcNow();
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = JsonPath.Time(now);
        if (t.HasGeneration)
            meta["generation"] = 1L;
        else
            meta.Remove("generation");
        KindRules.PrepareForCreate(t, obj);
        Validate(t, obj, null, options);
        if (t is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            CrdRules.PrepareForCreate(obj, now);
        if (options.FieldManager is { } manager)
            ManagedFields.RecordUpdate(t, null, obj, manager, null, JsonPath.Time(now));
        if (options.DryRun)
        {
            if (Store.Get(t.StorageKey, ns, name) is not null)
                throw ApiException.AlreadyExists(t, name);
            return View(t, obj);
        }
        var stored = Store.Put(t.StorageKey, obj, (previous, o) => previous is null ? o : throw ApiException.AlreadyExists(t, name), Fields(t));
        var result = stored.Parse();
        AfterWrite(t, null, result);
        return View(t, result);
    }

    /// <summary>PUT: replaces the object (or its status); creates it only for kinds that allow create-on-update.</summary>
    public (JsonObject Object, bool Created) Update(ResourceType t, string ns, string name, JsonObject obj, WriteOptions? options = null)
    {
        options ??= WriteOptions.Default;
        ns = Ns(t, ns);
        obj = ToStorage(t, Decoded(t, obj.DeepClone().AsObject(), options));
        var meta = Meta(obj);
        CheckBodyNamespace(t, ns, meta);
        var bodyName = (string?)meta["name"];
        if (bodyName is not null && bodyName != name)
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        meta["name"] = name;
        var rv = (string?)meta["resourceVersion"];
        if (Store.Get(t.StorageKey, ns, name) is null)
        {
            if (t.AllowCreateOnUpdate && options.Subresource is null)
                return (Create(t, ns, obj, options), true);
            throw ApiException.NotFound(t, name);
        }
        if (string.IsNullOrEmpty(rv) && t.RequireResourceVersionOnUpdate)
            throw ApiException.Invalid(t, name, [new FieldCause("metadata.resourceVersion", "FieldValueInvalid", "Invalid value: 0x0: must be specified for an update")]);
        return (Write(t, ns, name, _ => obj, string.IsNullOrEmpty(rv) ? null : rv, options), false);
    }

    /// <summary>
    /// The one write path: reads the live object under the store lock, lets <paramref name="mutate"/> produce the new
    /// one, then applies status/spec isolation, generation, validation and managed fields before storing.
    /// </summary>
    public JsonObject Write(ResourceType t, string ns, string name, Func<JsonObject, JsonObject> mutate, string? expectedRv, WriteOptions options)
    {
        ns = Ns(t, ns);
        JsonObject? result = null;
        JsonObject? oldObj = null;
        var noop = false;
        JsonObject Guard(StoredObject? previous, JsonObject _)
        {
            if (previous is null)
                throw ApiException.NotFound(t, name);
            oldObj = previous.Parse();
            if (expectedRv is not null && expectedRv != previous.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw ApiException.Conflict(t, name);
            var next = ToStorage(t, Decoded(t, mutate(View(t, previous.Parse())), options));
            next = Reconcile(t, oldObj, next, options);
            if (SameContent(oldObj, next))
            {
                noop = true;
                throw new NoOpWrite();
            }
            if (options.DryRun)
            {
                result = next;
                throw new NoOpWrite();
            }
            return next;
        }
        try
        {
            var placeholder = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } };
            var stored = Store.Put(t.StorageKey, placeholder, Guard, Fields(t));
            result = stored.Parse();
        }
        catch (NoOpWrite)
        {
            if (noop)
                return View(t, oldObj!);
            return View(t, result!);
        }
        var written = result!;
        AfterWrite(t, oldObj, written);
        if (written["metadata"]?["deletionTimestamp"] is not null && written["metadata"]?["finalizers"] is not JsonArray { Count: > 0 })
        {
            Store.Remove(t.StorageKey, ns, name);
            AfterRemove(t, written);
        }
        return View(t, written);
    }

    private JsonObject Reconcile(ResourceType t, JsonObject old, JsonObject next, WriteOptions options)
    {
        var oldMeta = Meta(old);
        var meta = Meta(next);
        var name = (string)oldMeta["name"]!;
        if (options.Subresource == "status")
        {
            var status = next["status"]?.DeepClone();
            var keep = old.DeepClone().AsObject();
            keep["status"] = status;
            if (t.StatusResetsMetadata is { } resets)
            {
                var taken = meta.DeepClone().AsObject();
                foreach (var key in resets)
                {
                    if (oldMeta[key] is { } v)
                        taken[key] = v.DeepClone();
                    else
                        taken.Remove(key);
                }
                keep["metadata"] = taken;
            }
            next = keep;
            meta = Meta(next);
        }
        else if (options.Subresource is null && t.HasStatusSubresource)
        {
            next["status"] = old["status"]?.DeepClone();
            if (next["status"] is null)
                next.Remove("status");
        }
        var serverKeys = options.Subresource == "delete"
            ? new[] { "uid", "creationTimestamp", "namespace" }
            : new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace" };
        foreach (var key in serverKeys)
        {
            if (oldMeta[key] is { } v)
                meta[key] = v.DeepClone();
            else
                meta.Remove(key);
        }
        meta["name"] = name;
        next["apiVersion"] = old["apiVersion"]?.DeepClone();
        next["kind"] = t.Kind;
        if (!options.DryRun && options.FieldManager is null && meta["managedFields"] is null && oldMeta["managedFields"] is { } mf)
            meta["managedFields"] = mf.DeepClone();
        if (t.HasGeneration)
        {
            var generation = (long?)oldMeta["generation"] ?? 1;
            // A status strategy never bumps generation, not even for the annotations a Deployment's /status accepts.
            if (options.Subresource != "status" && SpecChanged(t, old, next))
                generation++;
            meta["generation"] = generation;
        }
        var causes = KindRules.Validate(t, next, old);
        if (t.IsCustom)
            causes.AddRange(CrdSchema.ValidateAndDefault(t, next, options.FieldValidation));
        if (t is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            causes.AddRange(CrdRules.Validate(next, Registry));
        if (causes.Count > 0)
            throw ApiException.Invalid(options.Subresource == "scale" ? "autoscaling" : t.Group, options.Subresource == "scale" ? "Scale" : t.Kind, name, causes);
        if (options.FieldManager is { } manager)
            ManagedFields.RecordUpdate(t, old, next, manager, options.Subresource, JsonPath.Time(Time.GetUtcNow()));
        return next;
    }

    private static bool SpecChanged(ResourceType t, JsonObject old, JsonObject next)
    {
        if (t.IsCustom)
        {
            foreach (var key in old.Select(p => p.Key).Concat(next.Select(p => p.Key)).Distinct())
            {
                if (key is "metadata" or "apiVersion" or "kind" || (key == "status" && t.HasStatusSubresource))
                    continue;
                if (!JsonNode.DeepEquals(old[key], next[key]))
                    return true;
            }
            return false;
        }
        if (!JsonNode.DeepEquals(old["spec"], next["spec"]))
            return true;
        return t.AnnotationsBumpGeneration && !JsonNode.DeepEquals(old["metadata"]?["annotations"], next["metadata"]?["annotations"]);
    }

    private static bool SameContent(JsonObject a, JsonObject b)
    {
        var x = a.DeepClone().AsObject();
        var y = b.DeepClone().AsObject();
        foreach (var o in new[] { x, y })
        {
            var m = Meta(o);
            m.Remove("resourceVersion");
            if (m["managedFields"] is JsonArray entries)
                foreach (var e in entries.OfType<JsonObject>())
                    e.Remove("time");
        }
        return JsonNode.DeepEquals(x, y);
    }

    private void Validate(ResourceType t, JsonObject obj, JsonObject? old, WriteOptions options)
    {
        var causes = KindRules.Validate(t, obj, old);
        if (t.IsCustom)
            causes.AddRange(CrdSchema.ValidateAndDefault(t, obj, options.FieldValidation));
        if (t is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            causes.AddRange(CrdRules.Validate(obj, Registry));
        if (causes.Count > 0)
            throw ApiException.Invalid(t, (string?)obj["metadata"]?["name"] ?? "", causes);
    }

    private void AfterWrite(ResourceType t, JsonObject? old, JsonObject now)
    {
        if (t is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            CrdChanged?.Invoke(old, now);
        CollectIfOrphanedAtBirth(t, now);
    }

    /// <summary>
    /// The garbage collector deletes a dependent whose every owner is absent (a dangling reference), e.g. a pod written
    /// for a ReplicaSet that was deleted a moment before; the client still got its 201, as with the real, asynchronous GC.
    /// </summary>
    private void CollectIfOrphanedAtBirth(ResourceType t, JsonObject obj)
    {
        var meta = obj["metadata"];
        if (meta?["ownerReferences"] is not JsonArray { Count: > 0 } refs || meta["deletionTimestamp"] is not null)
            return;
        if (refs.Any(r => (string?)r?["uid"] is not { } uid || Store.GetByUid(uid) is not null))
            return;
        TryDelete(t, (string?)meta["namespace"] ?? "", (string)meta["name"]!, new DeleteOptions("Background"));
    }

    internal void AfterRemove(ResourceType t, JsonObject removed)
    {
        if (t is { Group: "apiextensions.k8s.io", Kind: "CustomResourceDefinition" })
            CrdChanged?.Invoke(removed, null);
        if (t is { Group: "", Kind: "Namespace" })
            DeleteNamespaceContents((string)removed["metadata"]!["name"]!);
        CollectGarbage(removed);
    }

    private void RequireNamespace(string ns)
    {
        if (Store.Get("namespaces", "", ns) is null)
            throw ApiException.NotFoundGroupResource("", "namespaces", ns);
    }

    private static void CheckBodyNamespace(ResourceType t, string ns, JsonObject meta)
    {
        var bodyNs = (string?)meta["namespace"];
        if (t.Namespaced && !string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        if (!t.Namespaced)
            meta.Remove("namespace");
    }

    internal static JsonObject Meta(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
            obj["metadata"] = meta = new JsonObject();
        return meta;
    }

    private static string Ns(ResourceType t, string? ns) => t.Namespaced ? ns ?? "" : "";

    /// <summary>The object as this type's group-version shows it (events.k8s.io view, CR served versions).</summary>
    public static JsonObject View(ResourceType t, JsonObject stored)
    {
        if (t.Group == "events.k8s.io")
            return EventsView.ToEventsV1(stored);
        if (t.IsCustom)
            stored["apiVersion"] = t.ApiVersion;
        return stored;
    }

    /// <summary>A built-in kind's body as its Go type decodes it: unknown fields dropped, or refused under Strict (custom resources: <see cref="CrdSchema"/>).</summary>
    private static JsonObject Decoded(ResourceType t, JsonObject obj, WriteOptions options)
    {
        BuiltinFields.Decode(t, obj, options.FieldValidation);
        return obj;
    }

    private static JsonObject ToStorage(ResourceType t, JsonObject obj) =>
        t.Group == "events.k8s.io" ? EventsView.ToCore(obj) : obj;

    /// <summary>
    /// Selectable fields are extracted by the kind that owns the store, so an event written through events.k8s.io is
    /// still found by core field selectors such as involvedObject.name (kubectl describe relies on them).
    /// </summary>
    internal Func<JsonObject, IReadOnlyDictionary<string, string>> Fields(ResourceType t)
    {
        var owner = t.StorageKeyOverride is null ? t : Registry.Types.FirstOrDefault(x => x.StorageKey == t.StorageKey && x.StorageKeyOverride is null) ?? t;
        return o => ObjectFields.Extract(owner, o);
    }

    private static string RandomSuffix() =>
        new(Enumerable.Range(0, 5).Select(_ => NameChars[Random.Shared.Next(NameChars.Length)]).ToArray());

    private sealed class NoOpWrite : Exception;
}
