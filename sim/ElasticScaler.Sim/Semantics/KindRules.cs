using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Per-kind strategy: defaults set on create and the validation rules of the built-in kinds the project touches
/// (transcribed from the registry strategies and validation packages; messages as the real server words them).
/// </summary>
public static class KindRules
{
    public static void PrepareForCreate(ResourceType t, JsonObject obj)
    {
        switch (t.Group, t.Kind)
        {
            case ("", "Namespace"):
                obj["spec"] ??= new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                obj["status"] = new JsonObject { ["phase"] = "Active" };
                break;
            case ("", "Pod"):
                obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(obj) };
                break;
            case ("", "Service"):
                ServiceDefaults.Apply(obj);
                obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                break;
            case ("", "Secret"):
                obj.TryAdd("type", "Opaque");
                break;
            case ("", "Node"):
                break; // nodes keep the status their creator (the sim's kubelet) sends
            case ("policy", "PodDisruptionBudget"):
                // The strategy resets status to its zero value, whose counts have no omitempty.
                obj["status"] = new JsonObject { ["currentHealthy"] = 0L, ["desiredHealthy"] = 0L, ["disruptionsAllowed"] = 0L, ["expectedPods"] = 0L };
                break;
            default:
                if (t.HasStatusSubresource)
                    obj.Remove("status");
                break;
        }
        if (t.Kind == "Deployment" && t.Group == "apps")
        {
            var spec = obj["spec"] as JsonObject;
            if (spec is not null && spec["replicas"] is null)
                spec["replicas"] = 1L;
            // SetDefaults_Deployment: an empty strategy (kubectl create deployment sends {}) is a 25%/25% rolling update.
            if (spec is not null)
            {
                if (spec["strategy"] is not JsonObject strategy)
                    spec["strategy"] = strategy = [];
                strategy.TryAdd("type", "RollingUpdate");
                if ((string?)strategy["type"] == "RollingUpdate")
                {
                    if (strategy["rollingUpdate"] is not JsonObject rolling)
                        strategy["rollingUpdate"] = rolling = [];
                    rolling.TryAdd("maxUnavailable", "25%");
                    rolling.TryAdd("maxSurge", "25%");
                }
            }
            spec?.TryAdd("revisionHistoryLimit", 10L);
            spec?.TryAdd("progressDeadlineSeconds", 600L);
        }
        if (t.Kind is "ReplicaSet" or "StatefulSet" && obj["spec"] is JsonObject s && s["replicas"] is null)
            s["replicas"] = 1L;
    }

    public static List<FieldCause> Validate(ResourceType t, JsonObject obj, JsonObject? old)
    {
        CheckDecodable(t, obj);
        var causes = Validation.Metadata(obj, dnsLabelName: t.Kind == "Namespace" && t.Group == "");
        var spec = obj["spec"] as JsonObject;
        switch (t.Group, t.Kind)
        {
            case ("apps", "Deployment" or "ReplicaSet" or "StatefulSet"):
                Workload(old, spec, causes);
                break;
            case ("", "Pod"):
                Pod(obj, old, spec, causes);
                break;
            case ("coordination.k8s.io", "Lease"):
                if (JsonPath.Long(spec?["leaseDurationSeconds"]) is { } duration && duration <= 0)
                    causes.Add(FieldCause.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
                if (JsonPath.Long(spec?["leaseTransitions"]) is { } transitions && transitions < 0)
                    causes.Add(FieldCause.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
                break;
            case ("", "Event"):
                CoreEvent(obj, causes);
                break;
            case ("policy", "PodDisruptionBudget"):
                DisruptionBudget(spec, causes);
                break;
        }
        return causes;
    }

    /// <summary>ValidatePodDisruptionBudgetSpec (policy/validation): one of minAvailable or maxUnavailable, each a count or a percentage up to 100%.</summary>
    private static void DisruptionBudget(JsonObject? spec, List<FieldCause> causes)
    {
        if (spec is null)
            return;
        if (spec["minAvailable"] is not null && spec["maxUnavailable"] is not null)
            causes.Add(FieldCause.Invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
            if (spec[field] is JsonValue v)
                IntOrPercent(v, $"spec.{field}", causes);
        if (spec["unhealthyPodEvictionPolicy"] is JsonNode policy && JsonPath.Text(policy) is not ("IfHealthyBudget" or "AlwaysAllow"))
            causes.Add(FieldCause.NotSupported("spec.unhealthyPodEvictionPolicy", JsonPath.Text(policy), ["AlwaysAllow", "IfHealthyBudget"]));
        if (spec["selector"] is JsonObject selector)
            Selector(selector, "spec.selector", causes);
    }

    /// <summary>ValidatePositiveIntOrPercent and IsNotMoreThan100Percent.</summary>
    private static void IntOrPercent(JsonValue value, string field, List<FieldCause> causes)
    {
        if (value.TryGetValue<string>(out var text))
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(text, "^[0-9]+%$"))
                causes.Add(FieldCause.Invalid(field, text, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            else if (long.TryParse(text.TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var percent) && percent > 100)
                causes.Add(FieldCause.Invalid(field, text, "must not be greater than 100%"));
        }
        else if (JsonPath.Long(value) is { } n && n < 0)
            causes.Add(FieldCause.Invalid(field, n, "must be greater than or equal to 0"));
    }

    /// <summary>ValidateLabelSelector: label syntax of matchLabels, and each expression's operator and values.</summary>
    private static void Selector(JsonObject selector, string field, List<FieldCause> causes)
    {
        if (selector["matchLabels"] is JsonObject labels)
            foreach (var (key, value) in labels)
            {
                if (!Validation.IsQualifiedName(key))
                    causes.Add(FieldCause.Invalid($"{field}.matchLabels", key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
                if (!Validation.IsLabelValue(JsonPath.Text(value)))
                    causes.Add(FieldCause.Invalid($"{field}.matchLabels", JsonPath.Text(value), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        if (selector["matchExpressions"] is not JsonArray expressions)
            return;
        for (var i = 0; i < expressions.Count; i++)
        {
            var at = $"{field}.matchExpressions[{i}]";
            var op = JsonPath.Text(expressions[i]?["operator"]);
            var count = (expressions[i]?["values"] as JsonArray)?.Count ?? 0;
            switch (op)
            {
                case "In" or "NotIn" when count == 0:
                    causes.Add(FieldCause.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist" when count > 0:
                    causes.Add(FieldCause.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    causes.Add(FieldCause.Invalid($"{at}.operator", op, "not a valid selector operator"));
                    break;
            }
            if (!Validation.IsQualifiedName(JsonPath.Text(expressions[i]?["key"])))
                causes.Add(FieldCause.Invalid($"{at}.key", JsonPath.Text(expressions[i]?["key"]), "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
        }
    }

    /// <summary>
    /// The type errors Go's decoder reports as 400 before validation runs, for the fields clients most often get wrong:
    /// string maps (labels, annotations, ConfigMap/Secret data) and integer replicas.
    /// </summary>
    private static void CheckDecodable(ResourceType t, JsonObject obj)
    {
        void StringMap(JsonNode? node, string goField)
        {
            if (node is null)
                return;
            if (node is not JsonObject map)
                throw Undecodable(t, node, goField, "map[string]string");
            foreach (var (_, v) in map)
                if (v is not JsonValue jv || !jv.TryGetValue<string>(out _))
                    throw Undecodable(t, v, goField, "string");
        }
        StringMap(obj["metadata"]?["labels"], "ObjectMeta.metadata.labels");
        StringMap(obj["metadata"]?["annotations"], "ObjectMeta.metadata.annotations");
        if (t.Group.Length == 0 && t.Kind is "ConfigMap" or "Secret")
        {
            StringMap(obj["data"], $"{t.Kind}.data");
            StringMap(obj["stringData"], $"{t.Kind}.stringData");
        }
        if (!t.IsCustom && obj["spec"]?["replicas"] is { } r && JsonPath.Long(r) is null)
            throw Undecodable(t, r, $"{t.Kind}Spec.spec.replicas", "int32");
    }

    private static ApiException Undecodable(ResourceType t, JsonNode? value, string goField, string goType)
    {
        var kind = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v => v.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => "number",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
                _ => "value",
            },
            _ => "value",
        };
        return ApiException.BadRequest($"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: json: cannot unmarshal {kind} into Go struct field {goField} of type {goType}");
    }

    private static void Workload(JsonObject? old, JsonObject? spec, List<FieldCause> causes)
    {
        if (spec is null)
        {
            causes.Add(FieldCause.Required("spec.selector"));
            return;
        }
        if (JsonPath.Long(spec["replicas"]) is { } replicas && replicas < 0)
            causes.Add(FieldCause.Invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
        if (spec["selector"] is not JsonObject selector)
        {
            causes.Add(FieldCause.Required("spec.selector"));
            return;
        }
        var sel = LabelSelector.FromObject(selector);
        if (sel.Requirements.Count == 0)
            causes.Add(FieldCause.Invalid("spec.selector", selector, "empty selector is invalid for deployment"));
        var templateLabels = spec["template"]?["metadata"]?["labels"] as JsonObject;
        var labels = templateLabels?.ToDictionary(p => p.Key, p => JsonPath.Text(p.Value)) ?? [];
        if (sel.Requirements.Count > 0 && !sel.Matches(labels))
            causes.Add(FieldCause.Invalid("spec.template.metadata.labels", templateLabels ?? (JsonNode?)null,
                "`selector` does not match template `labels`"));
        if (spec["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 })
            causes.Add(FieldCause.Required("spec.template.spec.containers"));
        if (old?["spec"]?["selector"] is JsonNode oldSel && !JsonNode.DeepEquals(oldSel, selector))
            causes.Add(FieldCause.Invalid("spec.selector", selector, "field is immutable"));
    }

    private static void Pod(JsonObject obj, JsonObject? old, JsonObject? spec, List<FieldCause> causes)
    {
        if (spec?["containers"] is not JsonArray { Count: > 0 } containers)
        {
            causes.Add(FieldCause.Required("spec.containers"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty((string?)containers[i]?["name"]))
                causes.Add(FieldCause.Required($"spec.containers[{i}].name"));
            if (string.IsNullOrEmpty((string?)containers[i]?["image"]) && old is null)
                causes.Add(FieldCause.Required($"spec.containers[{i}].image"));
        }
        if (obj["metadata"]?["annotations"]?["controller.kubernetes.io/pod-deletion-cost"] is JsonNode cost &&
            !int.TryParse(JsonPath.Text(cost), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
            causes.Add(FieldCause.Invalid("metadata.annotations[controller.kubernetes.io/pod-deletion-cost]", JsonPath.Text(cost), "must be a 32bit integer"));
        if (old?["spec"]?["nodeName"] is JsonNode oldNode && JsonPath.Text(oldNode).Length > 0 &&
            JsonPath.Text(spec["nodeName"]) != JsonPath.Text(oldNode))
            causes.Add(FieldCause.Forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
    }

    private static void CoreEvent(JsonObject obj, List<FieldCause> causes)
    {
        var ns = (string?)obj["metadata"]?["namespace"] ?? "";
        var involvedNs = (string?)obj["involvedObject"]?["namespace"] ?? "";
        if (JsonPath.Text(obj["eventTime"]).Length == 0)
        {
            if (involvedNs.Length > 0 && involvedNs != ns)
                causes.Add(FieldCause.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            return;
        }
        foreach (var (field, label) in new[] { ("reportingComponent", "reportingController"), ("reportingInstance", "reportingInstance"), ("action", "action"), ("reason", "reason") })
            if (JsonPath.Text(obj[field]).Length == 0)
                causes.Add(FieldCause.Required(label));
    }

    private static string QosClass(JsonObject pod)
    {
        var containers = pod["spec"]?["containers"] as JsonArray ?? [];
        bool any = false, guaranteed = containers.Count > 0;
        foreach (var c in containers)
        {
            var req = c?["resources"]?["requests"] as JsonObject;
            var lim = c?["resources"]?["limits"] as JsonObject;
            if ((req?.Count ?? 0) > 0 || (lim?.Count ?? 0) > 0)
                any = true;
            foreach (var r in new[] { "cpu", "memory" })
            {
                var l = JsonPath.Text(lim?[r]);
                var q = JsonPath.Text(req?[r]);
                if (l.Length == 0 || (q.Length > 0 && q != l))
                    guaranteed = false;
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
