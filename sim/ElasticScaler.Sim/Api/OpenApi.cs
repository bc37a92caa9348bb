using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// OpenAPI v3 (index and one document per group-version) and a v2 document. Every served kind gets its paths with
/// x-kubernetes-group-version-kind and the fieldValidation parameter (what kubectl checks before apply); CRD kinds
/// also carry their schema, so explain works. Built-in kinds carry no schema, so kubectl uses its compiled-in types.
/// </summary>
public static class OpenApi
{
    public static JsonObject Index(ResourceRegistry r)
    {
        var paths = new JsonObject();
        foreach (var (group, versions) in r.Groups())
            foreach (var v in versions)
            {
                var key = group.Length == 0 ? "api/v1" : $"apis/{group}/{v}";
                var doc = GroupVersion(r, group, v);
                paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}?hash={Hash(doc)}" };
            }
        return new JsonObject { ["paths"] = paths };
    }

    public static JsonObject? ForPath(ResourceRegistry r, string path)
    {
        var segs = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segs switch
        {
            ["api", "v1"] => GroupVersion(r, "", "v1"),
            ["apis", var g, var v] when r.HasGroupVersion(g, v) => GroupVersion(r, g, v),
            _ => null,
        };
    }

    public static JsonObject GroupVersion(ResourceRegistry r, string group, string version)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject
        {
            ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] = new JsonObject
            {
                ["description"] = "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
                ["type"] = "object",
            },
        };
        foreach (var t in r.Types.Where(t => t.Group == group && t.Version == version && !t.IsVirtual).OrderBy(t => t.Plural, StringComparer.Ordinal))
        {
            var gvk = new JsonObject { ["group"] = t.Group, ["version"] = t.Version, ["kind"] = t.Kind };
            var nsPart = t.Namespaced ? "/namespaces/{namespace}" : "";
            paths[$"{t.PathPrefix}{nsPart}/{t.Plural}"] = new JsonObject
            {
                ["get"] = Op("list", $"List{t.Kind}", gvk),
                ["post"] = Op("post", $"Create{t.Kind}", gvk, fieldValidation: true),
            };
            paths[$"{t.PathPrefix}{nsPart}/{t.Plural}/{{name}}"] = new JsonObject
            {
                ["get"] = Op("get", $"Read{t.Kind}", gvk),
                ["put"] = Op("put", $"Replace{t.Kind}", gvk, fieldValidation: true),
                ["patch"] = Op("patch", $"Patch{t.Kind}", gvk, fieldValidation: true),
                ["delete"] = Op("delete", $"Delete{t.Kind}", gvk),
            };
            if (t.Schema is not null)
                schemas[SchemaName(t)] = CustomSchema(t);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.4" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>The v2 (swagger) document: the same paths, CRD schemas as definitions.</summary>
    public static JsonObject V2(ResourceRegistry r)
    {
        var paths = new JsonObject();
        var definitions = new JsonObject();
        foreach (var (group, versions) in r.Groups())
            foreach (var v in versions)
            {
                var doc = GroupVersion(r, group, v);
                foreach (var (p, item) in (JsonObject)doc["paths"]!)
                    paths[p] = item!.DeepClone();
                foreach (var (name, schema) in (JsonObject)doc["components"]!["schemas"]!)
                    definitions[name] = schema!.DeepClone();
            }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.4" },
            ["paths"] = paths,
            ["definitions"] = definitions,
        };
    }

    private static JsonObject Op(string action, string id, JsonObject gvk, bool fieldValidation = false)
    {
        var parameters = new JsonArray();
        if (fieldValidation)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "fieldValidation",
                ["in"] = "query",
                ["description"] = "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields.",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
            parameters.Add(new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
            parameters.Add(new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } });
        }
        return new JsonObject
        {
            ["operationId"] = id,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    /// <summary>"com.example.scaling.v1alpha1.ElasticScaler": the reversed group, version and kind, as the apiserver names CRD schemas.</summary>
    public static string SchemaName(ResourceType t) =>
        string.Join('.', t.Group.Split('.').Reverse()) + "." + t.Version + "." + t.Kind;

    private static JsonObject CustomSchema(ResourceType t)
    {
        var s = t.Schema!.DeepClone().AsObject();
        var props = s["properties"] as JsonObject ?? new JsonObject();
        s["properties"] = props;
        props["apiVersion"] ??= new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
            ["type"] = "string",
        };
        props["kind"] ??= new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to.",
            ["type"] = "string",
        };
        props["metadata"] = new JsonObject
        {
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }),
        };
        s["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = t.Group, ["kind"] = t.Kind, ["version"] = t.Version });
        return s;
    }

    public static string Hash(JsonNode doc) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(doc.ToJsonString())))[..32];
}
