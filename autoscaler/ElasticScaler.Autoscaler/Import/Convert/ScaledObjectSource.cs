using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Schedules;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// KEDA keda.sh/v1alpha1 ScaledObject to the metric side of an ElasticScaler. Triggers cpu and memory become
/// Resource (or, with containerName, ContainerResource) metrics; prometheus becomes our Prometheus source; cron
/// becomes a schedule window (KEDA's cron is a floor while in force, as our window is). min/maxReplicaCount,
/// fallback, the HPA behavior KEDA passes through, and the pause annotations carry over; what KEDA does that an
/// ElasticScaler does not (scale to zero on inactivity, polling, activation, scaling modifiers, other scalers,
/// TriggerAuthentication) becomes a note.
/// </summary>
public static class ScaledObjectSource
{
    public const string ApiVersion = "keda.sh/v1alpha1";
    private const string Keda = "autoscaling.keda.sh/";

    public static bool Reads(string apiVersion, string kind) => kind == SourceRef.ScaledObject && apiVersion == ApiVersion;

    public static ScalerPart? Read(JsonObject so, SourceFields f)
    {
        var (name, ns) = f.Identity(so);
        var annotations = f.Annotations(so);
        var spec = f.Object(so, "spec", "spec", required: true);
        if (spec is null || name is null) return null;
        var source = new SourceRef(SourceRef.ScaledObject, ns, name);
        // KEDA's defaults: apps/v1 Deployment, 0..100 replicas.
        var target = HpaSource.ReadTarget(spec, f, "spec.scaleTargetRef", defaultApiVersion: "apps/v1", defaultKind: "Deployment");
        var min = f.Int(spec, "minReplicaCount", "spec.minReplicaCount");
        var max = f.Int(spec, "maxReplicaCount", "spec.maxReplicaCount") ?? 100;
        var triggers = f.Array(spec, "triggers", "spec.triggers", required: true);
        if (triggers is { Count: 0 }) f.Problem("spec.triggers", "[]: KEDA requires at least one trigger");
        var fallback = f.Object(spec, "fallback", "spec.fallback");
        var advanced = f.Object(spec, "advanced", "spec.advanced");
        var hpaConfig = f.Object(advanced, "horizontalPodAutoscalerConfig", "spec.advanced.horizontalPodAutoscalerConfig");
        var behavior = f.Object(hpaConfig, "behavior", "spec.advanced.horizontalPodAutoscalerConfig.behavior");
        if (target is null || triggers is null) return null;

        var metrics = new JsonArray();
        var windows = new List<WindowPart>();
        var remarks = new List<Remark>();
        void Note(string at, string field, string message) => remarks.Add(Remark.Of(at, new ImportNote(source, field, message)));

        bool onlyResource = true;
        for (int i = 0; i < triggers.Count; i++)
        {
            var path = $"spec.triggers[{i}]";
            if (triggers[i] is not JsonObject t)
            {
                f.Problem(path, triggers[i], "must be an object");
                continue;
            }
            var type = f.String(t, "type", $"{path}.type", required: true);
            var meta = f.Object(t, "metadata", $"{path}.metadata", required: true);
            if (type is null || meta is null) continue;
            var metricType = f.String(t, "metricType", $"{path}.metricType");
            if (f.Bool(t, "useCachedMetrics", $"{path}.useCachedMetrics") == true)
                Note($"metrics[{metrics.Count}]", $"{path}.useCachedMetrics", "KEDA serves a cached value between polls; the ElasticScaler reads its metrics every sync");
            if (type is not ("cpu" or "memory")) onlyResource = false;
            switch (type)
            {
                case "cpu" or "memory":
                    if (ResourceMetric(type, meta, metricType, path, f) is { } m) metrics.Add(m);
                    break;
                case "prometheus":
                    if (PrometheusMetric(t, meta, metricType, path, f, (field, message) => Note($"metrics[{metrics.Count}].prometheus", field, message)) is { } p)
                        metrics.Add(p);
                    break;
                case "cron":
                    if (CronWindow(t, meta, i, path, f) is { } w) windows.Add(w);
                    break;
                default:
                    Note("metrics[]", $"{path}.type", $"KEDA's {type} scaler has no ElasticScaler source and was left out: serve the value " +
                        "as an External metric through a metrics adapter, or query it from Prometheus with a Prometheus metric");
                    onlyResource = false;
                    break;
            }
            if (type is not "prometheus" && t["authenticationRef"] is not null)
                Note("metrics[]", $"{path}.authenticationRef", "the trigger's TriggerAuthentication is not read");
        }

        // KEDA's HPA gets max(minReplicaCount, 1) and KEDA itself takes the target to 0 once every trigger is
        // inactive; with only cpu/memory triggers the object is always active, so 1 is exactly what runs.
        int? minReplicas = min;
        if (min is null or 0)
        {
            minReplicas = 1;
            if (!onlyResource)
                Note("minReplicas", min is null ? "spec.minReplicaCount (default 0)" : "spec.minReplicaCount",
                    "KEDA scales the target to 0 when every trigger is inactive (activation thresholds, cooldownPeriod); " +
                    "an ElasticScaler keeps at least minReplicas, so this is 1");
        }
        if (spec["idleReplicaCount"] is not null)
            Note("minReplicas", "spec.idleReplicaCount", "KEDA's idle size while every trigger is inactive has no ElasticScaler equivalent");
        foreach (var (field, why) in new[]
        {
            ("pollingInterval", "KEDA polls triggers at this interval only while at 0 replicas; the ElasticScaler syncs every --sync-period (15s)"),
            ("cooldownPeriod", "KEDA waits this long before scaling to 0; an ElasticScaler never scales to 0 by activity (scale-down pacing is behavior.scaleDown)"),
            ("initialCooldownPeriod", "KEDA's grace period before its first scale to 0 has no ElasticScaler equivalent"),
        })
        {
            if (spec[field] is not null) Note("", $"spec.{field}", why);
        }
        if (spec["scaleTargetRef"]?["envSourceContainerName"] is not null)
            Note("scaleTargetRef", "spec.scaleTargetRef.envSourceContainerName", "KEDA reads trigger credentials from this container's environment; ElasticScaler does not");

        if (advanced is not null)
        {
            if (advanced["restoreToOriginalReplicaCount"] is not null)
                Note("", "spec.advanced.restoreToOriginalReplicaCount", "on deletion an ElasticScaler hands the target back at its current total (the hand-back finalizer), never at an earlier count");
            if (advanced["scalingModifiers"] is not null)
                Note("metrics[]", "spec.advanced.scalingModifiers", "KEDA's formula over named triggers has no ElasticScaler equivalent; the triggers are imported as separate metrics (the largest proposal wins, as HPA)");
            if (hpaConfig?["name"] is not null)
                Note("", "spec.advanced.horizontalPodAutoscalerConfig.name", "an ElasticScaler creates no HPA, so the name KEDA gave its HPA has no use");
        }

        // Without metrics an ElasticScaler scales on 80% CPU, as HPA does; KEDA with only cron triggers holds
        // minReplicaCount outside its windows instead, so that is pinned (a window's floor raises the ceiling).
        bool pinned = false;
        if (metrics.Count == 0 && triggers.Count > 0)
        {
            if (windows.Count == triggers.Count)
            {
                pinned = true;
                Note("maxReplicas", "spec.triggers", $"only cron triggers: KEDA holds {minReplicas} replicas outside the windows, so minReplicas = maxReplicas = {minReplicas} " +
                    "and each window raises both; KEDA capped a window at maxReplicaCount, an ElasticScaler window raises the ceiling to its floor");
            }
            else
            {
                Note("metrics", "spec.triggers", "no trigger became a metric, and an ElasticScaler without metrics scales on 80% average CPU (HPA's default): add the metrics you mean");
            }
        }

        JsonObject? fallbackOut = null;
        if (fallback is not null)
        {
            var threshold = f.Int(fallback, "failureThreshold", "spec.fallback.failureThreshold", required: true);
            var replicas = f.Int(fallback, "replicas", "spec.fallback.replicas", required: true);
            var mode = f.String(fallback, "behavior", "spec.fallback.behavior") ?? "static";
            if (threshold is not null && replicas is not null)
            {
                fallbackOut = new JsonObject { ["failureThreshold"] = threshold, ["replicas"] = replicas };
                if (mode != "static")
                    Note("fallback", "spec.fallback.behavior", $"KEDA's fallback behavior \"{mode}\" is not supported; the ElasticScaler holds fallback.replicas (KEDA's static)");
                if (onlyResource)
                    Note("fallback", "spec.fallback", "KEDA ignores fallback for cpu and memory triggers; the ElasticScaler applies it when its metrics fail");
            }
        }

        var part = new ScalerPart
        {
            Source = source,
            Target = target,
            MinReplicas = minReplicas,
            MaxReplicas = pinned ? minReplicas ?? 1 : max,
            Metrics = metrics.Count > 0 ? metrics : null,
            Behavior = behavior?.DeepClone().AsObject(),
            Fallback = fallbackOut,
        };
        part.Windows.AddRange(windows);
        part.Remarks.AddRange(remarks);
        Pause(annotations, part);
        return f.Problems.Count > 0 ? null : part;
    }

    private static JsonObject? ResourceMetric(string resource, JsonObject meta, string? metricType, string path, SourceFields f)
    {
        // metadata.type is the older spelling of the trigger's metricType.
        var kind = metricType ?? f.String(meta, "type", $"{path}.metadata.type") ?? "Utilization";
        var value = f.Text(meta, "value", $"{path}.metadata.value", required: true);
        var container = f.String(meta, "containerName", $"{path}.metadata.containerName");
        if (value is null) return null;
        JsonObject target;
        if (kind == "Utilization")
        {
            if (!int.TryParse(value, out var percent) || percent < 1)
            {
                f.Problem($"{path}.metadata.value", $"\"{value}\": a Utilization target must be a whole percentage of 1 or more");
                return null;
            }
            target = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = percent };
        }
        else if (kind == "AverageValue")
        {
            if (!Quantity.TryParse(value, out _))
            {
                f.Problem($"{path}.metadata.value", $"\"{value}\": an AverageValue target must be a quantity such as \"500m\" or \"512Mi\"");
                return null;
            }
            target = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = value };
        }
        else
        {
            f.Problem($"{path}.metricType", $"\"{kind}\": a {resource} trigger takes Utilization or AverageValue");
            return null;
        }
        return container is { Length: > 0 }
            ? new JsonObject
            {
                ["type"] = "ContainerResource",
                ["containerResource"] = new JsonObject { ["name"] = resource, ["container"] = container, ["target"] = target },
            }
            : new JsonObject { ["type"] = "Resource", ["resource"] = new JsonObject { ["name"] = resource, ["target"] = target } };
    }

    private static JsonObject? PrometheusMetric(JsonObject trigger, JsonObject meta, string? metricType, string path, SourceFields f, Action<string, string> note)
    {
        var server = f.String(meta, "serverAddress", $"{path}.metadata.serverAddress", required: true);
        var query = f.String(meta, "query", $"{path}.metadata.query", required: true);
        var threshold = f.Text(meta, "threshold", $"{path}.metadata.threshold", required: true);
        if (server is null || query is null || threshold is null) return null;
        if (!Quantity.TryParse(threshold, out _))
        {
            f.Problem($"{path}.metadata.threshold", $"\"{threshold}\": must be a number such as \"100.5\"");
            return null;
        }
        var kind = metricType ?? "AverageValue";
        JsonObject target;
        if (kind == "AverageValue") target = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = threshold };
        else if (kind == "Value") target = new JsonObject { ["type"] = "Value", ["value"] = threshold };
        else
        {
            f.Problem($"{path}.metricType", $"\"{kind}\": a prometheus trigger takes AverageValue or Value");
            return null;
        }
        var prometheus = new JsonObject { ["serverAddress"] = server, ["query"] = query, ["target"] = target };
        if (f.Text(meta, "timeout", $"{path}.metadata.timeout") is { } timeout)
        {
            // KEDA takes milliseconds as a bare number, or a duration such as "30s".
            var text = long.TryParse(timeout, out var ms) ? $"{ms}ms" : timeout;
            if (GoDuration.TryParse(text, out _)) prometheus["timeout"] = text;
            else note($"{path}.metadata.timeout", $"\"{timeout}\" is not a duration the ElasticScaler reads; the default timeout (5s) applies");
        }
        if (f.String(meta, "customHeaders", $"{path}.metadata.customHeaders") is { Length: > 0 } headerText)
        {
            var headers = new JsonObject();
            foreach (var pair in headerText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq > 0) headers[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
                else note($"{path}.metadata.customHeaders", $"\"{pair}\" is not name=value and was left out");
            }
            if (headers.Count > 0) prometheus["headers"] = headers;
        }
        if (f.Bool(meta, "unsafeSsl", $"{path}.metadata.unsafeSsl") == true)
        {
            // The ElasticScaler refuses tls on an http:// address (a field that would do nothing).
            if (server.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                prometheus["tls"] = new JsonObject { ["insecureSkipVerify"] = true };
            else
                note($"{path}.metadata.unsafeSsl", "the server is not https://, so there is no certificate to skip checking; left out");
        }
        if (f.Text(meta, "activationThreshold", $"{path}.metadata.activationThreshold") is { } activation && activation is not ("0" or "0.0"))
            note($"{path}.metadata.activationThreshold", "KEDA's activation (0 <-> 1 replicas) has no ElasticScaler equivalent; the ElasticScaler never scales to 0 by activity");
        if (meta["namespace"] is not null)
            note($"{path}.metadata.namespace", "the tenant namespace KEDA adds to the query (Thanos, Cortex) is not sent; put it in the query or in headers");
        if (meta["queryParameters"] is not null)
            note($"{path}.metadata.queryParameters", "extra query parameters are not sent; put them in serverAddress or the query");
        if (meta["ignoreNullValues"] is not null)
            note($"{path}.metadata.ignoreNullValues", "KEDA's switch for an empty result (true: read as 0) is not carried: an empty result is a missing metric here " +
                "(docs/metric-sources.md); append \"or vector(0)\" to the query to read it as 0");
        var authModes = f.String(meta, "authModes", $"{path}.metadata.authModes");
        var authRef = SourceFields.Str(trigger["authenticationRef"]?["name"]);
        if (authModes is not null || authRef is not null)
        {
            var where = authRef is null ? "its TriggerAuthentication" : $"TriggerAuthentication \"{authRef}\"";
            note(authRef is null ? $"{path}.metadata.authModes" : $"{path}.authenticationRef",
                $"credentials ({authModes ?? "from the TriggerAuthentication"}) live in {where}, which is not imported: from its secretTargetRef " +
                "set prometheus.bearerTokenSecret {name, key} (bearer), basicAuth {username {name, key}, password {name, key}} (basic), " +
                "tls.caSecret {name, key} (ca); a custom auth header goes in headers");
        }
        foreach (var (key, _) in meta)
            if (key is not ("serverAddress" or "query" or "threshold" or "timeout" or "customHeaders" or "unsafeSsl" or "activationThreshold"
                or "namespace" or "queryParameters" or "ignoreNullValues" or "authModes"))
                note($"{path}.metadata.{key}", "not read by the ElasticScaler's Prometheus source");
        return new JsonObject { ["type"] = "Prometheus", ["prometheus"] = prometheus };
    }

    private static WindowPart? CronWindow(JsonObject trigger, JsonObject meta, int index, string path, SourceFields f)
    {
        var zone = f.String(meta, "timezone", $"{path}.metadata.timezone", required: true);
        var start = f.String(meta, "start", $"{path}.metadata.start", required: true);
        var end = f.String(meta, "end", $"{path}.metadata.end", required: true);
        var desired = f.IntText(meta, "desiredReplicas", $"{path}.metadata.desiredReplicas", required: true);
        if (zone is null || start is null || end is null || desired is null) return null;
        if (!ScheduleTimes.IsKnownZone(zone, out var zoneError)) f.Problem($"{path}.metadata.timezone", $"\"{zone}\": {zoneError}");
        if (ScheduleTimes.TryParse(start, zone, out var startError) is null) f.Problem($"{path}.metadata.start", $"\"{start}\": {startError}");
        if (ScheduleTimes.TryParse(end, zone, out var endError) is null) f.Problem($"{path}.metadata.end", $"\"{end}\": {endError}");
        if (desired < 0) f.Problem($"{path}.metadata.desiredReplicas", $"\"{desired}\": must be 0 or more");
        // KEDA's cron emits desiredReplicas inside the window against a target of 1, so the HPA's max over
        // metrics makes it a floor: our window's minReplicas.
        return new WindowPart
        {
            Name = SourceFields.Str(trigger["name"]) is { Length: > 0 } n ? n : $"cron-{index}",
            Start = start,
            End = end,
            TimeZone = zone,
            MinReplicas = desired,
        };
    }

    /// <summary>KEDA's pause annotations: paused and paused-replicas have our own names; paused-scale-in/out disable that direction, as KEDA does to its HPA.</summary>
    private static void Pause(IReadOnlyDictionary<string, string> annotations, ScalerPart part)
    {
        foreach (var (key, value) in annotations)
        {
            if (!key.StartsWith(Keda, StringComparison.Ordinal)) continue;
            var field = $"metadata.annotations[{key}]";
            switch (key[Keda.Length..])
            {
                case "paused":
                    if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) part.Annotations[PauseAnnotations.Paused] = "true";
                    break;
                case "paused-replicas":
                    part.Annotations[PauseAnnotations.PausedReplicas] = value;
                    break;
                case "paused-scale-in" or "paused-scale-out" when string.Equals(value, "true", StringComparison.OrdinalIgnoreCase):
                    var direction = key.EndsWith("-in", StringComparison.Ordinal) ? "scaleDown" : "scaleUp";
                    part.Behavior ??= new JsonObject();
                    if (part.Behavior[direction] is not JsonObject rules) part.Behavior[direction] = rules = new JsonObject();
                    rules["selectPolicy"] = "Disabled";
                    break;
                case "paused-scale-in" or "paused-scale-out":
                    break;
                default:
                    part.Remarks.Add(Remark.Of("metadata.annotations", new ImportNote(part.Source, field, "this KEDA annotation has no ElasticScaler equivalent")));
                    break;
            }
        }
    }
}
