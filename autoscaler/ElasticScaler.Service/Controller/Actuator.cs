using System.Text.Json.Nodes;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Controller;

/// <summary>
/// The one actuation path: every change the service makes to a workload goes through here: the twin's create
/// and template sync, replica counts through the /scale subresource, the hand-back finalizer. Writes are made only
/// when they change something. Writes go through an <see cref="IKubeWriter"/>: the API server over HTTP in the
/// service (<see cref="KubeApi"/>), an in-process simulator in fast mode, so both act with this same code.
/// </summary>
public sealed class Actuator(IKubeWriter api)
{
    /// <summary>Scale writes made (for tests: one decision must never be written twice).</summary>
    public long ScaleWrites => Interlocked.Read(ref _scaleWrites);
    private long _scaleWrites;

    /// <summary>Writes spec.replicas through /scale (a merge patch: no resourceVersion race with the workload's controller).</summary>
    public async Task ScaleAsync(ApiResource kind, string ns, string name, int replicas, CancellationToken ct)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        await Sent(api.MergePatchAsync(kind.ObjectPath(ns, name, "scale"), patch, ct)).ConfigureAwait(false);
        Interlocked.Increment(ref _scaleWrites);
    }

    /// <summary>
    /// The twin as it must be: created (0 replicas) when missing, updated when its template hash differs from
    /// what the target and <paramref name="pod"/> now give. Returns the twin's replicas as they stand after this call.
    /// </summary>
    public async Task<TwinState> EnsureTwinAsync(ApiResource kind, ScalerObject scaler, WorkloadObject target, WorkloadObject? twin,
        TwinPodSettings pod, CancellationToken ct)
    {
        var hash = TwinWorkload.HashOf(target, pod);
        if (twin is null)
        {
            var build = TwinWorkload.Build(scaler, target, pod, replicas: 0);
            try
            {
                await Sent(api.CreateAsync(kind.CollectionPath(scaler.Namespace), build, ct)).ConfigureAwait(false);
                return new TwinState(0, Created: true, Updated: false);
            }
            catch (KubeApiException e) when (e.Status == System.Net.HttpStatusCode.Conflict && e.Reason == "AlreadyExists")
            {
                // Our cache had not seen it yet (a create of ours from a previous sync): the next sync reads it.
                throw new TwinNotReadyException($"{kind.Kind} {TwinWorkload.NameFor(target.Name)} exists but is not in the cache yet");
            }
        }
        if (twin.Annotations.GetValueOrDefault(TwinWorkload.TemplateHashAnnotation) == hash)
            return new TwinState(twin.SpecReplicas, Created: false, Updated: false);
        var update = TwinWorkload.Update(TwinWorkload.Build(scaler, target, pod, twin.SpecReplicas), twin);
        await Sent(api.ReplaceAsync(kind.ObjectPath(scaler.Namespace, TwinWorkload.NameFor(target.Name)), update, ct)).ConfigureAwait(false);
        return new TwinState(twin.SpecReplicas, Created: false, Updated: true);
    }

    public Task DeleteTwinAsync(ApiResource kind, string ns, string name, CancellationToken ct) =>
        Sent(api.DeleteAsync(kind.ObjectPath(ns, name), new JsonObject { ["propagationPolicy"] = "Background" }, ct));

    /// <summary>Adds the hand-back finalizer (a JSON patch that tests the list it read, so a concurrent edit is not lost).</summary>
    public async Task AddFinalizerAsync(ScalerObject scaler, CancellationToken ct)
    {
        if (scaler.HasFinalizer) return;
        JsonNode patch = scaler.Finalizers.Count == 0
            ? new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray(ScalerObject.HandBackFinalizer) })
            : new JsonArray(
                new JsonObject { ["op"] = "test", ["path"] = "/metadata/finalizers", ["value"] = new JsonArray([.. scaler.Finalizers.Select(f => (JsonNode)f)]) },
                new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = ScalerObject.HandBackFinalizer });
        await Sent(api.JsonPatchAsync(ApiResource.ElasticScalers.ObjectPath(scaler.Namespace, scaler.Name), patch, ct)).ConfigureAwait(false);
    }

    /// <summary>Sets one annotation on the scaler (a merge patch).</summary>
    public Task AnnotateAsync(ScalerObject scaler, string key, string value, CancellationToken ct) =>
        Sent(api.MergePatchAsync(ApiResource.ElasticScalers.ObjectPath(scaler.Namespace, scaler.Name),
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [key] = value } } }, ct));

    public async Task RemoveFinalizerAsync(ScalerObject scaler, CancellationToken ct)
    {
        int index = -1;
        for (int i = 0; i < scaler.Finalizers.Count; i++) if (scaler.Finalizers[i] == ScalerObject.HandBackFinalizer) index = i;
        if (index < 0) return;
        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = $"/metadata/finalizers/{index}", ["value"] = ScalerObject.HandBackFinalizer },
            new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/finalizers/{index}" });
        await Sent(api.JsonPatchAsync(ApiResource.ElasticScalers.ObjectPath(scaler.Namespace, scaler.Name), patch, ct)).ConfigureAwait(false);
    }

    /// <summary>Waits for a write; its answer (the object as written) is not needed: the caches see the change.</summary>
    private static async Task Sent(Task<System.Text.Json.JsonDocument?> write)
    {
        using var answer = await write.ConfigureAwait(false);
    }
}

/// <summary>The twin after <see cref="Actuator.EnsureTwinAsync"/>: its replicas, and whether it was just created or updated.</summary>
public readonly record struct TwinState(int Replicas, bool Created, bool Updated);

/// <summary>The twin exists on the server but the cache has not delivered it yet; the sync retries.</summary>
public sealed class TwinNotReadyException(string message) : Exception(message);
