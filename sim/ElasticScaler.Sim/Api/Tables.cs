using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// Server-side tables (meta.k8s.io/v1 Table) with the columns kubectl shows for each kind (printers.go, tableconvertor.go).
/// Every column is filled; kubectl hides priority 1 unless -o wide.
/// </summary>
public static class Tables
{
    private sealed record Column(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell, string Format = "");

    public static JsonObject Build(ResourceType t, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, DateTimeOffset now, bool includeDefinitions = true)
    {
        var columns = ColumnsFor(t);
        var rows = new JsonArray();
        foreach (var o in objects)
            rows.Add(new JsonObject
            {
                ["cells"] = new JsonArray(columns.Select(c => c.Cell(o, now)).ToArray()),
                ["object"] = PartialMetadata(o),
            });
        var meta = new JsonObject();
        if (resourceVersion is not null)
            meta["resourceVersion"] = resourceVersion;
        if (continueToken is not null)
            meta["continue"] = continueToken;
        var table = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
        table["columnDefinitions"] = includeDefinitions
            ? new JsonArray(columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Name == "Name" ? "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names" : c.Name,
                ["priority"] = c.Priority,
            }).ToArray())
            : new JsonArray();
        table["rows"] = rows;
        return table;
    }

    private static JsonObject PartialMetadata(JsonObject o)
    {
        var meta = o["metadata"]?.DeepClone().AsObject() ?? new JsonObject();
        meta.Remove("managedFields");
        return new JsonObject { ["kind"] = "PartialObjectMetadata", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = meta };
    }

    private static readonly Column NameCol = new("Name", "string", 0, (o, _) => (string?)o["metadata"]?["name"], "name");
    private static readonly Column AgeCol = new("Age", "string", 0, (o, now) => Age(o["metadata"]?["creationTimestamp"], now));

    private static IReadOnlyList<Column> ColumnsFor(ResourceType t) => (t.Group, t.Kind) switch
    {
        ("", "Node") => [NameCol, S("Status", NodeStatus), S("Roles", NodeRoles), AgeCol, S("Version", o => Unknown(o["status"]?["nodeInfo"]?["kubeletVersion"])),
            S("Internal-IP", o => Address(o, "InternalIP"), 1), S("External-IP", o => Address(o, "ExternalIP"), 1),
            S("OS-Image", o => Unknown(o["status"]?["nodeInfo"]?["osImage"]), 1), S("Kernel-Version", o => Unknown(o["status"]?["nodeInfo"]?["kernelVersion"]), 1),
            S("Container-Runtime", o => Unknown(o["status"]?["nodeInfo"]?["containerRuntimeVersion"]), 1)],
        ("", "Pod") => [NameCol, S("Ready", PodReady), S("Status", PodStatus), S("Restarts", PodRestarts), AgeCol,
            S("IP", o => None(o["status"]?["podIP"]), 1), S("Node", o => None(o["spec"]?["nodeName"]), 1),
            S("Nominated Node", o => None(o["status"]?["nominatedNodeName"]), 1), S("Readiness Gates", ReadinessGates, 1)],
        ("apps", "Deployment") => [NameCol, S("Ready", o => $"{Int(o["status"]?["readyReplicas"])}/{Int(o["spec"]?["replicas"])}"),
            I("Up-to-date", o => Int(o["status"]?["updatedReplicas"])), I("Available", o => Int(o["status"]?["availableReplicas"])), AgeCol,
            S("Containers", o => Containers(o, "name"), 1), S("Images", o => Containers(o, "image"), 1), S("Selector", Selector, 1)],
        ("apps", "ReplicaSet") => [NameCol, I("Desired", o => Int(o["spec"]?["replicas"])), I("Current", o => Int(o["status"]?["replicas"])),
            I("Ready", o => Int(o["status"]?["readyReplicas"])), AgeCol,
            S("Containers", o => Containers(o, "name"), 1), S("Images", o => Containers(o, "image"), 1), S("Selector", Selector, 1)],
        ("apps", "StatefulSet") => [NameCol, S("Ready", o => $"{Int(o["status"]?["readyReplicas"])}/{Int(o["spec"]?["replicas"])}"), AgeCol,
            S("Containers", o => Containers(o, "name"), 1), S("Images", o => Containers(o, "image"), 1)],
        ("", "Event") or ("events.k8s.io", "Event") => EventColumns(t.Group.Length > 0),
        ("coordination.k8s.io", "Lease") => [NameCol, S("Holder", o => JsonPath.Text(o["spec"]?["holderIdentity"])), AgeCol],
        ("", "Namespace") => [NameCol, S("Status", o => JsonPath.Text(o["status"]?["phase"])), AgeCol],
        ("", "Service") => [NameCol, S("Type", o => JsonPath.Text(o["spec"]?["type"]) is { Length: > 0 } st ? st : "ClusterIP"),
            S("Cluster-IP", o => None(o["spec"]?["clusterIP"])), S("External-IP", o => "<none>"), S("Port(s)", ServicePorts), AgeCol,
            S("Selector", o => o["spec"]?["selector"] is JsonObject sel ? string.Join(",", sel.Select(p => p.Key + "=" + JsonPath.Text(p.Value))) : "<none>", 1)],
        ("", "ConfigMap") => [NameCol, I("Data", o => (o["data"] as JsonObject)?.Count + (o["binaryData"] as JsonObject)?.Count ?? (o["data"] as JsonObject)?.Count ?? 0), AgeCol],
        ("", "Secret") => [NameCol, S("Type", o => JsonPath.Text(o["type"]) is { Length: > 0 } st ? st : "Opaque"), I("Data", o => (o["data"] as JsonObject)?.Count ?? 0), AgeCol],
        ("", "ServiceAccount") => [NameCol, I("Secrets", o => (o["secrets"] as JsonArray)?.Count ?? 0), AgeCol],
        ("", "Endpoints") => [NameCol, S("Endpoints", o => "<none>"), AgeCol],
        ("autoscaling", "HorizontalPodAutoscaler") => [NameCol,
            S("Reference", o => $"{JsonPath.Text(o["spec"]?["scaleTargetRef"]?["kind"])}/{JsonPath.Text(o["spec"]?["scaleTargetRef"]?["name"])}"),
            S("Targets", o => "<unknown>"), S("MinPods", o => o["spec"]?["minReplicas"] is null ? "<unset>" : Int(o["spec"]?["minReplicas"]).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            I("MaxPods", o => Int(o["spec"]?["maxReplicas"])), I("Replicas", o => Int(o["status"]?["currentReplicas"])), AgeCol],
        ("policy", "PodDisruptionBudget") => [NameCol, S("Min Available", o => IntOrString(o["spec"]?["minAvailable"])),
            S("Max Unavailable", o => IntOrString(o["spec"]?["maxUnavailable"])), I("Allowed Disruptions", o => Int(o["status"]?["disruptionsAllowed"])), AgeCol],
        ("apiextensions.k8s.io", "CustomResourceDefinition") => [NameCol, S("Created At", o => JsonPath.Text(o["metadata"]?["creationTimestamp"]))],
        ("rbac.authorization.k8s.io", "Role" or "ClusterRole") => [NameCol, S("Created At", o => JsonPath.Text(o["metadata"]?["creationTimestamp"]))],
        ("rbac.authorization.k8s.io", "RoleBinding" or "ClusterRoleBinding") => [NameCol,
            S("Role", o => $"{JsonPath.Text(o["roleRef"]?["kind"])}/{JsonPath.Text(o["roleRef"]?["name"])}"), AgeCol],
        ("metrics.k8s.io", "PodMetrics") => [NameCol, S("cpu", o => MetricsSum(o, "cpu")), S("memory", o => MetricsSum(o, "memory")), S("Window", o => JsonPath.Text(o["window"]))],
        ("metrics.k8s.io", "NodeMetrics") => [NameCol, S("cpu", o => JsonPath.Text(o["usage"]?["cpu"])), S("memory", o => JsonPath.Text(o["usage"]?["memory"])), S("Window", o => JsonPath.Text(o["window"]))],
        _ when t.IsCustom => CustomColumns(t),
        _ => [NameCol, AgeCol],
    };

    /// <summary>printers.go's PDB cells: the count or percentage as written, N/A when unset.</summary>
    private static string IntOrString(JsonNode? v) => v is null ? "N/A" : JsonPath.Text(v);

    private static Column S(string name, Func<JsonObject, string> f, int priority = 0) => new(name, "string", priority, (o, _) => f(o));

    private static Column I(string name, Func<JsonObject, long> f, int priority = 0) => new(name, "integer", priority, (o, _) => f(o));

    private static IReadOnlyList<Column> CustomColumns(ResourceType t)
    {
        var cols = new List<Column> { NameCol };
        var printers = t.PrinterColumns ?? [];
        if (printers.Count == 0)
        {
            cols.Add(new Column("Age", "date", 0, (o, now) => Age(o["metadata"]?["creationTimestamp"], now)));
            return cols;
        }
        foreach (var p in printers)
            cols.Add(new Column(p.Name, p.Type, p.Priority, (o, now) =>
            {
                var v = JsonPath.Get(o, p.JsonPath);
                if (v is null)
                    return null;
                return p.Type switch
                {
                    "date" => Age(v, now),
                    "integer" => JsonPath.Long(v),
                    "number" => v is JsonValue nv && nv.TryGetValue<double>(out var d) ? d : null,
                    "boolean" => v is JsonValue bv && bv.TryGetValue<bool>(out var b) ? b : null,
                    _ => JsonPath.Text(v),
                };
            }, p.Format));
        return cols;
    }

    private static IReadOnlyList<Column> EventColumns(bool eventsV1)
    {
        string F(JsonObject o, string core, string v1) => JsonPath.Text(o[eventsV1 ? v1 : core]);
        JsonNode? Involved(JsonObject o) => o[eventsV1 ? "regarding" : "involvedObject"];
        return
        [
            new("Last Seen", "string", 0, (o, now) => EventLastSeen(o, now, eventsV1)),
            S("Type", o => JsonPath.Text(o["type"])),
            S("Reason", o => JsonPath.Text(o["reason"])),
            S("Object", o => $"{JsonPath.Text(Involved(o)?["kind"]).ToLowerInvariant()}/{JsonPath.Text(Involved(o)?["name"])}"),
            S("Subobject", o => JsonPath.Text(Involved(o)?["fieldPath"]), 1),
            S("Source", o => F(o, "reportingComponent", "reportingController") is { Length: > 0 } s ? s : JsonPath.Text(o[eventsV1 ? "deprecatedSource" : "source"]?["component"]), 1),
            S("Message", o => F(o, "message", "note")),
            new("First Seen", "string", 1, (o, now) => Age(o[eventsV1 ? "deprecatedFirstTimestamp" : "firstTimestamp"] ?? o["eventTime"], now)),
            I("Count", o => Int(o["series"]?["count"]) is var c and > 0 ? c : Int(o[eventsV1 ? "deprecatedCount" : "count"]) is var n and > 0 ? n : 1, 1),
            S("Name", o => JsonPath.Text(o["metadata"]?["name"]), 1),
        ];
    }

    private static string EventLastSeen(JsonObject o, DateTimeOffset now, bool eventsV1)
    {
        var last = o["series"]?["lastObservedTime"] ?? o[eventsV1 ? "deprecatedLastTimestamp" : "lastTimestamp"];
        if (JsonPath.ParseTime(last) is null)
            last = o[eventsV1 ? "deprecatedFirstTimestamp" : "firstTimestamp"];
        if (JsonPath.ParseTime(last) is null)
            last = o["eventTime"];
        return Age(last, now);
    }

    /// <summary>A pod's usage summed over its containers, in the units metrics-server emits (n for cpu, Ki for memory).</summary>
    private static string MetricsSum(JsonObject o, string resource)
    {
        var total = (o["containers"] as JsonArray ?? []).Sum(c => Quantity.Parse(JsonPath.Text(c?["usage"]?[resource]) is { Length: > 0 } q ? q : "0", resource));
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return resource == "cpu"
            ? ((long)Math.Ceiling(total * 1_000_000_000m)).ToString(inv) + "n"
            : total % 1024 == 0 ? ((long)(total / 1024)).ToString(inv) + "Ki" : ((long)total).ToString(inv);
    }

    private static string Age(JsonNode? ts, DateTimeOffset now) =>
        JsonPath.ParseTime(ts) is { } t ? HumanDuration.Format(now - t) : "<unknown>";

    private static long Int(JsonNode? n) => JsonPath.Long(n) ?? 0;

    private static string None(JsonNode? n) => JsonPath.Text(n) is { Length: > 0 } s ? s : "<none>";

    private static string Unknown(JsonNode? n) => JsonPath.Text(n) is { Length: > 0 } s ? s : "<unknown>";

    private static string NodeStatus(JsonObject o)
    {
        var ready = (o["status"]?["conditions"] as JsonArray ?? []).FirstOrDefault(c => (string?)c?["type"] == "Ready");
        var status = ready is null ? "Unknown" : (string?)ready["status"] == "True" ? "Ready" : "NotReady";
        return (bool?)o["spec"]?["unschedulable"] == true ? status + ",SchedulingDisabled" : status;
    }

    private static string NodeRoles(JsonObject o)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (k, v) in o["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && k.Length > "node-role.kubernetes.io/".Length)
                roles.Add(k["node-role.kubernetes.io/".Length..]);
            else if (k == "kubernetes.io/role" && JsonPath.Text(v).Length > 0)
                roles.Add(JsonPath.Text(v));
        }
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(JsonObject o, string type) =>
        (o["status"]?["addresses"] as JsonArray ?? []).FirstOrDefault(a => (string?)a?["type"] == type) is { } a ? JsonPath.Text(a["address"]) : "<none>";

    private static string PodReady(JsonObject o)
    {
        var total = (o["spec"]?["containers"] as JsonArray)?.Count ?? 0;
        var ready = (o["status"]?["containerStatuses"] as JsonArray ?? []).Count(c => (bool?)c?["ready"] == true);
        return $"{ready}/{total}";
    }

    private static string PodStatus(JsonObject o)
    {
        if (o["metadata"]?["deletionTimestamp"] is not null)
            return "Terminating";
        if (JsonPath.Text(o["status"]?["reason"]) is { Length: > 0 } reason)
            return reason;
        foreach (var c in o["status"]?["containerStatuses"] as JsonArray ?? [])
        {
            if (JsonPath.Text(c?["state"]?["waiting"]?["reason"]) is { Length: > 0 } w)
                return w;
            if (JsonPath.Text(c?["state"]?["terminated"]?["reason"]) is { Length: > 0 } tr)
                return tr;
        }
        return JsonPath.Text(o["status"]?["phase"]) is { Length: > 0 } phase ? phase : "Pending";
    }

    private static string PodRestarts(JsonObject o) =>
        (o["status"]?["containerStatuses"] as JsonArray ?? []).Sum(c => Int(c?["restartCount"])).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ReadinessGates(JsonObject o)
    {
        if (o["spec"]?["readinessGates"] is not JsonArray { Count: > 0 } gates)
            return "<none>";
        var conditions = o["status"]?["conditions"] as JsonArray ?? [];
        var ready = gates.Count(g => conditions.Any(c => JsonNode.DeepEquals(c?["type"], g?["conditionType"]) && (string?)c?["status"] == "True"));
        return $"{ready}/{gates.Count}";
    }

    private static string Containers(JsonObject o, string field) =>
        string.Join(",", (o["spec"]?["template"]?["spec"]?["containers"] as JsonArray ?? []).Select(c => JsonPath.Text(c?[field])));

    private static string Selector(JsonObject o) => LabelSelector.FromObject(o["spec"]?["selector"]) is { Requirements.Count: > 0 } s ? s.ToString() : "<none>";

    private static string ServicePorts(JsonObject o)
    {
        var ports = (o["spec"]?["ports"] as JsonArray ?? []).Select(p => $"{JsonPath.Text(p?["port"])}/{(JsonPath.Text(p?["protocol"]) is { Length: > 0 } pr ? pr : "TCP")}").ToList();
        return ports.Count == 0 ? "<none>" : string.Join(",", ports);
    }
}
