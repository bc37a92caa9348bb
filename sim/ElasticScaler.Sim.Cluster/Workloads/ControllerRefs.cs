using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>
/// What a workload controller may call its own, as client-go's ControllerRefManager decides it: an object whose
/// controllerRef names another controller is never touched (so two workloads with overlapping selectors, such as a
/// Deployment and its ECI twin, neither count nor steal each other's objects); an orphan that the selector matches is
/// adopted unless either side is being deleted; an object this controller owns that no longer matches is released.
/// </summary>
public static class ControllerRefs
{
    /// <summary>
    /// The objects <paramref name="controller"/> owns after adopting and releasing. <paramref name="owned"/> are those
    /// whose controllerRef is the controller, <paramref name="orphans"/> those without any controllerRef (in any namespace;
    /// only the controller's own is considered).
    /// </summary>
    public static List<JsonObject> Claim(ClusterContext ctx, ResourceType t, JsonObject controller,
        IEnumerable<JsonObject> owned, IEnumerable<JsonObject> orphans, Func<JsonObject, bool> matches)
    {
        var deleting = K8sJson.Deleting(controller);
        var claimed = new List<JsonObject>();
        foreach (var o in owned)
        {
            if (matches(o))
                claimed.Add(o);
            else if (!deleting)
                Release(ctx, t, o, K8sJson.Uid(controller));
        }
        if (deleting)
            return claimed;
        var ns = K8sJson.Namespace(controller);
        foreach (var o in orphans)
            if (K8sJson.Namespace(o) == ns && !K8sJson.Deleting(o) && matches(o) && Adopt(ctx, t, o, controller) is { } adopted)
                claimed.Add(adopted);
        return claimed;
    }

    /// <summary>Adds the controllerRef if the live object is still the same orphan; the fresh object, or null when someone else claimed it first.</summary>
    private static JsonObject? Adopt(ClusterContext ctx, ResourceType t, JsonObject o, JsonObject controller)
    {
        var uid = K8sJson.Uid(o);
        var adopted = false;
        var written = ctx.TryWrite(t, K8sJson.Namespace(o), K8sJson.Name(o), live =>
        {
            // The real adoption patch carries the object's uid as a precondition and the cache may be stale: re-check on the live object.
            if (K8sJson.Uid(live) != uid || PodsOf.ControllerUid(live) is not null || K8sJson.Deleting(live))
                return live;
            var meta = live["metadata"]!.AsObject();
            if (meta["ownerReferences"] is not JsonArray refs)
                meta["ownerReferences"] = refs = [];
            refs.Add(PodsOf.OwnerRef(controller));
            adopted = true;
            return live;
        });
        return written && adopted ? ctx.Api.TryGet(t, K8sJson.Namespace(o), K8sJson.Name(o)) : null;
    }

    private static void Release(ClusterContext ctx, ResourceType t, JsonObject o, string controllerUid) =>
        ctx.TryWrite(t, K8sJson.Namespace(o), K8sJson.Name(o), live =>
        {
            if (live["metadata"]?["ownerReferences"] is JsonArray refs)
            {
                foreach (var r in refs.Where(r => (string?)r?["uid"] == controllerUid).ToList())
                    refs.Remove(r);
                // An empty list is not stored (the API omits it), and an empty one must not look like a dangling owner.
                if (refs.Count == 0)
                    live["metadata"]!.AsObject().Remove("ownerReferences");
            }
            return live;
        });

    public static bool IsOrphan(JsonObject o) => PodsOf.ControllerUid(o) is null;
}
