using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>Deletion: preconditions, finalizers, propagation (Background, Foreground, Orphan) and garbage collection.</summary>
public sealed partial class ResourceService
{
    private const string ForegroundFinalizer = "foregroundDeletion";
    private const string OrphanFinalizer = "orphan";

    /// <summary>Deletes an object. Returns the object (if it stays, pending finalizers, or the kind returns deleted objects) or null.</summary>
    public (JsonObject? Object, bool Removed) Delete(ResourceType t, string ns, string name, DeleteOptions? options = null)
    {
        options ??= DeleteOptions.Default;
        ns = Ns(t, ns);
        var current = Store.Get(t.StorageKey, ns, name) ?? throw ApiException.NotFound(t, name);
        var obj = current.Parse();
        if (options.PreconditionUid is { } uid && uid != current.Uid)
            throw ApiException.ConflictMessage(t, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        if (options.PreconditionResourceVersion is { } prv && prv != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw ApiException.ConflictMessage(t, name, $"Precondition failed: ResourceVersion in precondition: {prv}, ResourceVersion in object meta: {current.ResourceVersion}");
        if (options.DryRun)
            return (View(t, obj), false);
        var policy = options.PropagationPolicy ?? "Background";
        if (policy is not ("Background" or "Foreground" or "Orphan"))
            throw ApiException.Invalid("meta.k8s.io", "DeleteOptions", "", [FieldCause.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"])]);
        var finalizers = (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => (string?)f ?? "").ToList();
        var gcFinalizer = policy switch { "Foreground" => ForegroundFinalizer, "Orphan" => OrphanFinalizer, _ => null };
        if (gcFinalizer is not null && Store.Dependents(current.Uid).Count > 0 && !finalizers.Contains(gcFinalizer))
            finalizers.Add(gcFinalizer);
        if (finalizers.Count == 0)
        {
            var removed = Store.Remove(t.StorageKey, ns, name);
            if (removed is null)
                throw ApiException.NotFound(t, name);
            var last = removed.Parse();
            AfterRemove(t, last);
            return (View(t, last), true);
        }
        var marked = Write(t, ns, name, o =>
        {
            var m = Meta(o);
            m["deletionTimestamp"] ??= JsonPath.Time(Time.GetUtcNow());
            m["deletionGracePeriodSeconds"] ??= GracePeriod(t, o, options);
            m["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray());
            return o;
        }, null, WriteOptions.Default with { Subresource = "delete" });
        ProcessGcFinalizers(t, (string)marked["metadata"]!["uid"]!);
        var after = TryGet(t, ns, name);
        return (after ?? marked, after is null);
    }

    /// <summary>
    /// The grace period stamped on a deletion: a scheduled pod gets the request's gracePeriodSeconds or its
    /// terminationGracePeriodSeconds (default 30), as the pod strategy does; an unscheduled pod and other kinds get 0.
    /// </summary>
    private static long GracePeriod(ResourceType t, JsonObject obj, DeleteOptions options)
    {
        if (t is not { Group: "", Kind: "Pod" } || string.IsNullOrEmpty((string?)obj["spec"]?["nodeName"]))
            return 0;
        return options.GracePeriodSeconds ?? JsonPath.Long(obj["spec"]?["terminationGracePeriodSeconds"]) ?? 30;
    }

    /// <summary>Runs the orphan and foregroundDeletion finalizers the garbage collector owns.</summary>
    private void ProcessGcFinalizers(ResourceType t, string uid)
    {
        var stored = Store.GetByUid(uid);
        if (stored is null)
            return;
        var obj = stored.Parse();
        var finalizers = (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => (string?)f ?? "").ToList();
        if (finalizers.Contains(OrphanFinalizer))
        {
            foreach (var dep in Store.Dependents(uid))
                DropOwnerRef(dep, uid);
            RemoveFinalizer(t, stored.Namespace, stored.Name, OrphanFinalizer);
        }
        if (finalizers.Contains(ForegroundFinalizer))
        {
            foreach (var dep in Store.Dependents(uid))
            {
                var depType = TypeOf(dep);
                if (depType is null)
                    continue;
                var depObj = dep.Parse();
                if (depObj["metadata"]?["deletionTimestamp"] is null)
                    TryDelete(depType, dep.Namespace, dep.Name, new DeleteOptions("Foreground"));
            }
            var blocking = Store.Dependents(uid).Where(d => BlocksOwner(d.Parse(), uid)).ToList();
            if (blocking.Count == 0)
                RemoveFinalizer(t, stored.Namespace, stored.Name, ForegroundFinalizer);
        }
    }

    private static bool BlocksOwner(JsonObject dependent, string ownerUid) =>
        (dependent["metadata"]?["ownerReferences"] as JsonArray ?? []).Any(r => (string?)r?["uid"] == ownerUid && (bool?)r?["blockOwnerDeletion"] == true);

    private void RemoveFinalizer(ResourceType t, string ns, string name, string finalizer)
    {
        try
        {
            Write(t, ns, name, o =>
            {
                if (o["metadata"]?["finalizers"] is JsonArray f)
                {
                    foreach (var item in f.Where(x => (string?)x == finalizer).ToList())
                        f.Remove(item);
                    if (f.Count == 0)
                        Meta(o).Remove("finalizers");
                }
                return o;
            }, null, WriteOptions.Default with { Subresource = "delete" });
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    /// <summary>After an object is gone: dependents whose owners are all gone are deleted (background), others lose the dangling reference.</summary>
    private void CollectGarbage(JsonObject removed)
    {
        var uid = (string?)removed["metadata"]?["uid"];
        if (uid is null)
            return;
        foreach (var dep in Store.Dependents(uid))
        {
            var depType = TypeOf(dep);
            if (depType is null)
                continue;
            var remaining = dep.OwnerUids.Where(o => o != uid && Store.GetByUid(o) is not null).ToList();
            if (remaining.Count == 0)
                TryDelete(depType, dep.Namespace, dep.Name, new DeleteOptions("Background"));
            else
                DropOwnerRef(dep, uid);
        }
        // An owner waiting in foreground deletion may be free now.
        foreach (var ownerUid in (removed["metadata"]?["ownerReferences"] as JsonArray ?? []).Select(r => (string?)r?["uid"]).OfType<string>())
            if (Store.GetByUid(ownerUid) is { } owner && TypeOf(owner) is { } ownerType &&
                owner.Parse()["metadata"]?["deletionTimestamp"] is not null)
                ProcessGcFinalizers(ownerType, ownerUid);
    }

    private void DropOwnerRef(Store.StoredObject dep, string ownerUid)
    {
        var depType = TypeOf(dep);
        if (depType is null)
            return;
        try
        {
            Write(depType, dep.Namespace, dep.Name, o =>
            {
                if (o["metadata"]?["ownerReferences"] is JsonArray refs)
                {
                    foreach (var r in refs.Where(r => (string?)r?["uid"] == ownerUid).ToList())
                        refs.Remove(r);
                    if (refs.Count == 0)
                        Meta(o).Remove("ownerReferences");
                }
                return o;
            }, null, WriteOptions.Default with { Subresource = "delete" });
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private void TryDelete(ResourceType t, string ns, string name, DeleteOptions options)
    {
        try
        {
            Delete(t, ns, name, options);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }
    }

    private void DeleteNamespaceContents(string ns)
    {
        foreach (var t in Registry.Types.Where(t => t.Namespaced && !t.IsVirtual && t.StorageKeyOverride is null))
            foreach (var o in Store.List(t.StorageKey, ns).Items)
                TryDelete(t, ns, o.Name, new DeleteOptions("Background"));
    }

    internal ResourceType? TypeOf(Store.StoredObject o) =>
        Registry.Types.FirstOrDefault(t => t.StorageKey == o.StorageKey && t.StorageKeyOverride is null && !t.IsVirtual);
}
