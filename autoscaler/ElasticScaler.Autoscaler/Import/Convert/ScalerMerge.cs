using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Validation;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// Groups the sources by scale target and makes one ElasticScaler per target: the metric side (HPA or
/// ScaledObject) gives bounds, metrics, behavior and fallback; every CronHPA on the target, directly or through
/// its HPA, gives windows and excluded days (<see cref="CronJobWindows"/>). The result is bound through Core's one
/// mapping and validated as the service would, so what it prints is what the service accepts.
/// </summary>
public static class ScalerMerge
{
    public sealed record Outcome(IReadOnlyList<ImportedScaler> Scalers, IReadOnlyList<ImportNote> Unplaced);

    public static Outcome Merge(IReadOnlyList<ScalerPart> scalers, IReadOnlyList<CronPart> crons, ImportSettings settings)
    {
        var unplaced = new List<ImportNote>();
        var groups = new List<Group>();
        Group GroupOf(string? ns, TargetRef target)
        {
            var g = groups.FirstOrDefault(x => x.Namespace == ns && x.Target.Key == target.Key);
            if (g is null) groups.Add(g = new Group(ns, target));
            return g;
        }
        foreach (var s in scalers) GroupOf(s.Source.Namespace, s.Target).Metrics.Add(s);
        foreach (var c in crons)
        {
            if (!c.TargetsHpa)
            {
                GroupOf(c.Source.Namespace, c.Target).Crons.Add((c, Direct: true));
                continue;
            }
            var hpa = scalers.FirstOrDefault(s => s.Source.Kind == SourceRef.Hpa && s.Source.Namespace == c.Source.Namespace && s.Source.Name == c.Target.Name);
            if (hpa is null)
            {
                unplaced.Add(new ImportNote(c.Source, "spec.scaleTargetRef",
                    $"targets HorizontalPodAutoscaler \"{c.Target.Name}\", which is not among the inputs, so its workload is unknown: import the two together; nothing was made from it"));
                continue;
            }
            GroupOf(hpa.Source.Namespace, hpa.Target).Crons.Add((c, Direct: false));
        }
        return new Outcome([.. groups.Select(g => Build(g, settings))], unplaced);
    }

    private sealed class Group(string? ns, TargetRef target)
    {
        public string? Namespace { get; } = ns;
        public TargetRef Target { get; } = target;
        public List<ScalerPart> Metrics { get; } = [];
        public List<(CronPart Part, bool Direct)> Crons { get; } = [];
    }

    private static ImportedScaler Build(Group g, ImportSettings settings)
    {
        var comments = new List<(string Path, string Text)>();
        var notes = new List<ImportNote>();
        var sources = new List<SourceRef>();
        void Add(string prefix, Remark r)
        {
            var path = r.Path.StartsWith("metadata", StringComparison.Ordinal) ? r.Path
                : r.Path.Length == 0 ? prefix : r.Path.StartsWith('[') ? prefix + r.Path : $"{prefix}.{r.Path}";
            comments.Add((path, r.Text));
            if (r.Note is not null) notes.Add(r.Note);
        }

        var metric = g.Metrics.FirstOrDefault();
        if (metric is not null) sources.Add(metric.Source);
        foreach (var other in g.Metrics.Skip(1))
            Add("spec", Remark.Of("", new ImportNote(other.Source, "spec.scaleTargetRef",
                $"{metric!.Source} scales {g.Target} too (two autoscalers on one target fight); only {metric.Source} was imported and {other.Source} is left in place")));
        foreach (var (c, direct) in g.Crons)
        {
            sources.Add(c.Source);
            if (direct && metric is not null)
                Add("spec.schedules", Remark.Of("", new ImportNote(c.Source, "spec.scaleTargetRef",
                    $"targets {g.Target} directly while {metric.Source} scales it: CronHPA's size lasts only until the autoscaler's next sync; " +
                    "imported as floors, which is what targeting the HPA means (the ACK-documented way)")));
        }

        var cronJobs = g.Crons.SelectMany(c => c.Part.Jobs.Select(j => new CronJobWindows.Job(c.Part.Source, j, c.Part.RanOnce.Contains(j.Name)))).ToList();
        var cron = cronJobs.Count > 0 || g.Crons.Count > 0 ? CronJobWindows.Build(cronJobs, metric, settings) : null;

        var name = metric?.Source.Name ?? g.Crons[0].Part.Source.Name;
        var meta = new JsonObject { ["name"] = name };
        if (g.Namespace is not null) meta["namespace"] = g.Namespace;
        var annotations = new JsonObject { [ImportedScaler.ImportedFrom] = string.Join(", ", sources.Select(s => $"{s.Kind}/{s.Name}")) };
        if (metric is not null)
            foreach (var (k, v) in metric.Annotations.OrderBy(kv => kv.Key, StringComparer.Ordinal)) annotations[k] = v;
        meta["annotations"] = annotations;

        var spec = new JsonObject { ["scaleTargetRef"] = TargetJson(g.Target, out var rewritten) };
        if (rewritten is not null) comments.Add(("spec.scaleTargetRef.apiVersion", rewritten));

        int? min = cron?.Floor ?? metric?.MinReplicas;
        int max = metric?.MaxReplicas ?? cron?.Ceiling ?? min ?? 1;
        if (cron?.Ceiling is { } ceiling && ceiling > max) max = ceiling;
        if (metric is null && cron?.Ceiling is { } pinned) max = pinned;
        if (min is not null) spec["minReplicas"] = min;
        spec["maxReplicas"] = max;
        if (metric?.Metrics is { } metrics) spec["metrics"] = metrics.DeepClone();
        if (metric?.Behavior is { } behavior) spec["behavior"] = behavior.DeepClone();
        if (metric?.Fallback is { } fallback) spec["fallback"] = fallback.DeepClone();
        if (metric is not null) foreach (var r in metric.Remarks) Add("spec", r);
        if (cron is not null) foreach (var r in cron.Remarks) Add("spec", r);

        var windows = new List<WindowPart>();
        if (metric is not null) windows.AddRange(metric.Windows);
        if (cron is not null) windows.AddRange(cron.Windows);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in windows)
        {
            var original = w.Name;
            for (int n = 2; !names.Add(w.Name); n++) w.Name = $"{original}-{n}";
        }
        if (windows.Count > 0)
        {
            var list = new JsonArray();
            for (int i = 0; i < windows.Count; i++)
            {
                list.Add(windows[i].ToJson());
                foreach (var r in windows[i].Remarks) Add($"spec.schedules[{i}]", r);
            }
            spec["schedules"] = list;
        }
        ExcludeDates(g, spec, metric, settings, Add);

        var obj = new JsonObject
        {
            ["apiVersion"] = ImportedScaler.ApiVersion,
            ["kind"] = ImportedScaler.Kind,
            ["metadata"] = meta,
            ["spec"] = spec,
        };
        Validate(obj, sources[0], Add);
        var header = new List<string> { $"imported from {string.Join(", ", sources)}" };
        if (g.Metrics.Count == 0 && g.Crons.Count > 0) header.Add("no HPA: outside its windows the target holds the size CronHPA returns it to");
        return new ImportedScaler(g.Namespace, name, obj, header, comments, notes, sources);
    }

    /// <summary>CronHPA's excluded days carry over as written (our excludeDates read the same day-level cron); each is checked.</summary>
    private static void ExcludeDates(Group g, JsonObject spec, ScalerPart? metric, ImportSettings settings, Action<string, Remark> add)
    {
        var dates = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (c, _) in g.Crons)
        {
            for (int i = 0; i < c.ExcludeDates.Count; i++)
            {
                var d = c.ExcludeDates[i];
                var errors = Core.Schedules.ScheduleCompiler.Validate([], [d], settings.CronHpaTimeZone);
                if (errors.Count > 0)
                {
                    add("spec.excludeDates", Remark.Of("", new ImportNote(c.Source, $"spec.excludeDates[{i}]", $"\"{d}\": {errors[0].Split(": ", 3)[^1]}; left out")));
                    continue;
                }
                if (seen.Add(d)) dates.Add(d);
            }
        }
        if (dates.Count == 0) return;
        spec["excludeDates"] = dates;
        add("spec.excludeDates", new Remark("", "CronHPA's excluded days: no window opens on them, matched in each window's own zone; a window opened the day before still closes on time"));
        if (g.Crons.Count > 1)
            add("spec.excludeDates", Remark.Of("", new ImportNote(g.Crons[1].Part.Source, "spec.excludeDates", "the excluded days of every CronHPA on the target were joined; they now apply to every window")));
        if (metric?.Windows.Count > 0)
            add("spec.excludeDates", Remark.Of("", new ImportNote(metric.Source, "spec.triggers", "KEDA's cron windows had no excluded days; CronHPA's now apply to them too")));
    }

    /// <summary>Deployments and StatefulSets of retired API groups (apps/v1beta1, apps/v1beta2, extensions/v1beta1) are apps/v1 today.</summary>
    private static JsonObject TargetJson(TargetRef t, out string? comment)
    {
        comment = null;
        if (t.ApiVersion is "apps/v1beta1" or "apps/v1beta2" or "extensions/v1beta1" && t.Kind is "Deployment" or "StatefulSet" or "ReplicaSet")
        {
            comment = $"was {t.ApiVersion}, which Kubernetes no longer serves";
            return (t with { ApiVersion = "apps/v1" }).ToJson();
        }
        return t.ToJson();
    }

    /// <summary>Reads the object back as the service will (Core's one mapping) and validates its spec; any problem is a note at the top.</summary>
    private static void Validate(JsonObject obj, SourceRef source, Action<string, Remark> add)
    {
        using var doc = JsonDocument.Parse(obj.ToJsonString());
        var read = KubernetesObjects.Scaler(doc.RootElement, "");
        var problems = read.Success ? SpecValidator.Validate(read.Value!.Spec) : read.Errors;
        foreach (var p in problems)
            add("spec", Remark.Of("", new ImportNote(source, "spec", $"the imported spec is not valid as it stands: {p}")));
    }
}
