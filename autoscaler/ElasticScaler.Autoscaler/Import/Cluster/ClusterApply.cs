using System.Text.Json;
using ElasticScaler.Autoscaler.Import.Convert;
using ElasticScaler.Core.Conditions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Timing;

namespace ElasticScaler.Autoscaler.Import.Cluster;

/// <summary>
/// <c>--apply</c> and <c>--delete-source</c>. Apply is server-side apply as field manager
/// <c>elasticscaler-import</c>, so running it again changes nothing. Deleting waits, per target, until the
/// ElasticScaler's status (for its current generation) reports ScalingActive=True, polling within one deadline;
/// a target whose scaler never gets there keeps its sources, so it is never left without an autoscaler.
/// </summary>
public sealed class ClusterApply(KubeApi api, TimeProvider time, TextWriter stderr)
{
    public const string FieldManager = "elasticscaler-import";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    /// <summary>Applies each scaler; false when any apply failed (each failure is on stderr).</summary>
    public async Task<bool> ApplyAsync(IReadOnlyList<ImportedScaler> scalers, string defaultNamespace, bool force, CancellationToken ct)
    {
        bool ok = true;
        foreach (var s in scalers)
        {
            var ns = s.Namespace ?? defaultNamespace;
            var body = s.Object.DeepClone().AsObject();
            body["metadata"]!["namespace"] = ns;
            var path = ApiResource.ElasticScalers.ObjectPath(ns, s.Name);
            try
            {
                using var before = await api.GetAsync(path, ct).ConfigureAwait(false);
                using var after = await api.ApplyAsync(path, body, FieldManager, force, ct).ConfigureAwait(false);
                var state = before is null ? "created"
                    : Version(before) == (after is null ? null : Version(after)) ? "unchanged" : "configured";
                stderr.WriteLine($"applied: ElasticScaler {ns}/{s.Name}: {state}");
            }
            catch (KubeApiException e)
            {
                ok = false;
                var hint = e.IsConflict ? " (another field manager owns these fields; rerun with --force-conflicts to take them)" : "";
                stderr.WriteLine($"error: applying ElasticScaler {ns}/{s.Name}: {e.ApiMessage}{hint}");
            }
        }
        return ok;
    }

    /// <summary>
    /// Deletes each target's sources once its ElasticScaler reports ScalingActive=True, within <paramref name="timeout"/>;
    /// false when any target timed out (its sources stay) or a delete failed.
    /// </summary>
    public async Task<bool> DeleteSourcesAsync(IReadOnlyList<ImportedScaler> scalers, string defaultNamespace, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + timeout;
        var pending = scalers.ToList();
        var last = new Dictionary<ImportedScaler, string>();
        bool ok = true;
        while (true)
        {
            foreach (var s in pending.ToList())
            {
                var ns = s.Namespace ?? defaultNamespace;
                var state = await ScalingActiveAsync(ns, s.Name, ct).ConfigureAwait(false);
                if (state is null)
                {
                    pending.Remove(s);
                    ok &= await DeleteAsync(s, ns, ct).ConfigureAwait(false);
                    continue;
                }
                if (!last.TryGetValue(s, out var seen) || seen != state)
                    stderr.WriteLine($"waiting: ElasticScaler {ns}/{s.Name}: {state}");
                last[s] = state;
            }
            if (pending.Count == 0) return ok;
            if (time.GetUtcNow() >= deadline)
            {
                foreach (var s in pending)
                {
                    var ns = s.Namespace ?? defaultNamespace;
                    stderr.WriteLine($"not deleted: {string.Join(", ", s.Sources)}: ElasticScaler {ns}/{s.Name} did not report ScalingActive=True " +
                                     $"within {timeout} (last: {last.GetValueOrDefault(s, "no status")}); the sources stay, so the target keeps an autoscaler");
                }
                return false;
            }
            await time.DelayAsync(Poll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Null when ScalingActive=True for the scaler's current generation, else what it reports instead.</summary>
    private async Task<string?> ScalingActiveAsync(string ns, string name, CancellationToken ct)
    {
        using var doc = await api.GetAsync(ApiResource.ElasticScalers.ObjectPath(ns, name), ct).ConfigureAwait(false);
        if (doc is null) return "not found";
        var root = doc.RootElement;
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object) return "no status yet";
        long generation = root.TryGetProperty("metadata", out var m) && m.TryGetProperty("generation", out var g) && g.TryGetInt64(out var gv) ? gv : 0;
        long observed = status.TryGetProperty("observedGeneration", out var o) && o.TryGetInt64(out var ov) ? ov : 0;
        if (observed < generation) return $"status is for generation {observed}, the spec is at {generation}";
        var active = KubernetesObjects.Conditions(status).FirstOrDefault(c => c.Type == ConditionTypes.ScalingActive);
        if (active is null) return "no ScalingActive condition yet";
        return active.Status == ConditionStatus.True ? null : $"ScalingActive={active.Status} ({active.Reason}): {active.Message}";
    }

    /// <summary>The CronHPA first (it writes the HPA and the scale), then the HPA or ScaledObject.</summary>
    private async Task<bool> DeleteAsync(ImportedScaler s, string ns, CancellationToken ct)
    {
        bool ok = true;
        foreach (var source in s.Sources.OrderBy(x => x.Kind == SourceRef.CronHpa ? 0 : 1))
        {
            var sourceNs = source.Namespace ?? ns;
            var path = SourceKinds.Of(source.Kind).ObjectPath(sourceNs, source.Name);
            try
            {
                using var _ = await api.DeleteAsync(path, null, ct).ConfigureAwait(false);
                var extra = source.Kind == SourceRef.ScaledObject ? " (KEDA removes the HPA it made for it)" : "";
                stderr.WriteLine($"deleted: {source.Kind} {sourceNs}/{source.Name}{extra}: ElasticScaler {ns}/{s.Name} reports ScalingActive=True");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                stderr.WriteLine($"deleted: {source.Kind} {sourceNs}/{source.Name} was already gone");
            }
            catch (KubeApiException e)
            {
                ok = false;
                stderr.WriteLine($"error: deleting {source.Kind} {sourceNs}/{source.Name}: {e.ApiMessage}");
            }
        }
        return ok;
    }

    private static string? Version(JsonDocument doc) =>
        doc.RootElement.TryGetProperty("metadata", out var m) && m.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
}
