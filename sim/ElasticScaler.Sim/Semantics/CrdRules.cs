using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Semantics;

/// <summary>CustomResourceDefinition validation, its status on create, and the resource types it serves.</summary>
public static class CrdRules
{
    public static List<FieldCause> Validate(JsonObject crd, ResourceRegistry registry)
    {
        var causes = new List<FieldCause>();
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"] ?? "";
        var names = spec?["names"] as JsonObject;
        var plural = (string?)names?["plural"] ?? "";
        if (group.Length == 0)
            causes.Add(FieldCause.Required("spec.group"));
        else if (!group.Contains('.'))
            causes.Add(FieldCause.Invalid("spec.group", group, "should be a domain with at least one dot"));
        if (plural.Length == 0)
            causes.Add(FieldCause.Required("spec.names.plural"));
        if (string.IsNullOrEmpty((string?)names?["kind"]))
            causes.Add(FieldCause.Required("spec.names.kind"));
        var scope = (string?)spec?["scope"] ?? "";
        if (scope is not ("Namespaced" or "Cluster"))
            causes.Add(FieldCause.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        var name = (string?)crd["metadata"]?["name"] ?? "";
        if (plural.Length > 0 && group.Length > 0 && name != plural + "." + group)
            causes.Add(FieldCause.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
            causes.Add(FieldCause.Invalid("spec.versions", versions, "must have exactly one version marked as storage version"));
        else if (versions.Count(v => (bool?)v?["storage"] == true) != 1)
            causes.Add(FieldCause.Invalid("spec.versions", versions.Select(v => (string?)v?["name"]).ToArray().Length, "must have exactly one version marked as storage version"));
        for (var i = 0; i < versions.Count; i++)
            if (versions[i]?["schema"]?["openAPIV3Schema"] is not JsonObject)
                causes.Add(FieldCause.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required"));
        if (registry.IsBuiltinGroup(group))
            causes.Add(FieldCause.Invalid("spec.group", group, "cannot be a built-in API group"));
        return causes;
    }

    public static void PrepareForCreate(JsonObject crd, DateTimeOffset now)
    {
        var names = crd["spec"]!["names"]!.DeepClone().AsObject();
        names["singular"] ??= ((string)names["kind"]!).ToLowerInvariant();
        names["listKind"] ??= (string)names["kind"]! + "List";
        crd["spec"]!["names"] = names.DeepClone();
        var ts = JsonPath.Time(now);
        var storage = (crd["spec"]!["versions"] as JsonArray ?? []).FirstOrDefault(v => (bool?)v?["storage"] == true)?["name"]?.DeepClone();
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "NamesAccepted", ["status"] = "True", ["lastTransitionTime"] = ts, ["reason"] = "NoConflicts", ["message"] = "no conflicts found" },
                new JsonObject { ["type"] = "Established", ["status"] = "True", ["lastTransitionTime"] = ts, ["reason"] = "InitialNamesAccepted", ["message"] = "the initial names have been accepted" }),
            ["acceptedNames"] = names,
            ["storedVersions"] = new JsonArray(storage),
        };
    }

    /// <summary>One ResourceType per served version of the CRD.</summary>
    public static IReadOnlyList<ResourceType> TypesOf(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var group = (string)spec["group"]!;
        var kind = (string)names["kind"]!;
        var types = new List<ResourceType>();
        foreach (var v in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => (bool?)v["served"] != false))
        {
            var scale = v["subresources"]?["scale"] as JsonObject;
            types.Add(new ResourceType
            {
                Group = group,
                Version = (string)v["name"]!,
                Kind = kind,
                Plural = (string)names["plural"]!,
                SingularName = (string?)names["singular"] ?? kind.ToLowerInvariant(),
                Namespaced = (string?)spec["scope"] != "Cluster",
                ShortNames = (names["shortNames"] as JsonArray ?? []).Select(JsonPath.Text).ToList(),
                Categories = (names["categories"] as JsonArray ?? []).Select(JsonPath.Text).ToList(),
                HasStatusSubresource = v["subresources"]?["status"] is not null,
                Scale = scale is null ? null : new ScalePaths((string?)scale["specReplicasPath"] ?? ".spec.replicas",
                    (string?)scale["statusReplicasPath"] ?? ".status.replicas", (string?)scale["labelSelectorPath"]),
                HasGeneration = true,
                RequireResourceVersionOnUpdate = true,
                IsCustom = true,
                PrinterColumns = (v["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new PrinterColumn(
                    (string)c["name"]!, (string?)c["type"] ?? "string", (string?)c["jsonPath"] ?? "", (string?)c["format"] ?? "",
                    (int?)c["priority"] ?? 0, (string?)c["description"] ?? "")).ToList(),
                Schema = v["schema"]?["openAPIV3Schema"]?.DeepClone() as JsonObject,
            });
        }
        return types;
    }
}
