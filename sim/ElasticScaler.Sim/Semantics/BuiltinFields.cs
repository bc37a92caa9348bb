using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using k8s.Models;

namespace ElasticScaler.Sim.Semantics;

/// <summary>
/// Strict decoding of the built-in kinds, as the apiserver decodes a request body into its Go type: a field the type
/// does not have is dropped, and with <c>fieldValidation=Strict</c> (kubectl's default, <c>--validate=strict</c>) the
/// request fails with "strict decoding error: unknown field ...". Which fields each type has comes from the typed
/// models of the Kubernetes client library (<c>k8s.Models</c>, generated from the apiserver's OpenAPI document, JSON
/// names from their <see cref="JsonPropertyNameAttribute"/>), found by their <see cref="KubernetesEntityAttribute"/>:
/// one table for every built-in kind instead of a hand-written schema per kind. Custom resources are decoded by
/// <see cref="CrdSchema"/> instead.
/// <para>The library's models are those of a newer Kubernetes than the sim's v1.32, so a field added since (such as
/// PodSpec.hostnameOverride) is accepted where a v1.32 server would refuse it; every field v1.32 knows is known here.</para>
/// </summary>
public static class BuiltinFields
{
    private static readonly Lazy<Dictionary<(string Group, string Version, string Kind), Type>> Models = new(FindModels);
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>?> Fields = new();

    /// <summary>The model type of a built-in kind, or null (custom resources, virtual kinds, kinds the library lacks).</summary>
    public static Type? ModelOf(ResourceType t) =>
        t.IsCustom ? null : Models.Value.GetValueOrDefault((t.Group, t.Version, t.Kind));

    /// <summary>
    /// Drops the fields <paramref name="obj"/>'s kind does not have; with <paramref name="fieldValidation"/> Strict,
    /// throws 400 naming each of them instead. Ignore and Warn drop them silently (the sim sends no warning headers).
    /// </summary>
    public static void Decode(ResourceType t, JsonObject obj, string fieldValidation)
    {
        if (ModelOf(t) is not { } model)
            return;
        var unknown = new List<string>();
        Walk(model, obj, "", unknown);
        if (unknown.Count > 0 && fieldValidation == "Strict")
            throw ApiException.BadRequest(
                $"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: strict decoding error: " +
                string.Join(", ", unknown.Select(u => $"unknown field \"{u}\"")));
    }

    private static void Walk(Type type, JsonNode? node, string path, List<string> unknown)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case JsonObject obj when MapValue(type) is { } valueType:
                foreach (var (key, value) in obj)
                    Walk(valueType, value, $"{path}[{key}]", unknown);
                break;
            case JsonObject obj when FieldsOf(type) is { } fields:
                foreach (var (key, value) in obj.ToList())
                {
                    var at = path.Length == 0 ? key : $"{path}.{key}";
                    if (fields.TryGetValue(key, out var fieldType))
                        Walk(fieldType, value, at, unknown);
                    else
                    {
                        unknown.Add(at);
                        obj.Remove(key);
                    }
                }
                break;
            case JsonArray array when ItemOf(type) is { } itemType:
                for (var i = 0; i < array.Count; i++)
                    Walk(itemType, array[i], $"{path}[{i}]", unknown);
                break;
            // Scalars, and fields typed object (RawExtension, JSON schema values, fieldsV1): anything decodes.
        }
    }

    /// <summary>A model's JSON fields; null for scalars (string, int-or-string, quantity, time) and untyped fields.</summary>
    private static IReadOnlyDictionary<string, Type>? FieldsOf(Type type) => Fields.GetOrAdd(type, static t =>
    {
        if (t.Namespace != typeof(V1Pod).Namespace || !t.IsClass)
            return null;
        var fields = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (p.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
                fields[name.Name] = p.PropertyType;
        return fields.Count == 0 ? null : fields;
    });

    private static Type? MapValue(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } args && args[0] == typeof(string) ? args[1] : null;

    private static Type? ItemOf(Type type) => type == typeof(string) ? null : Generic(type, typeof(IEnumerable<>))?[0];

    private static Type[]? Generic(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
            return type.GetGenericArguments();
        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
    }

    private static Dictionary<(string, string, string), Type> FindModels()
    {
        var models = new Dictionary<(string, string, string), Type>();
        foreach (var type in typeof(V1Pod).Assembly.GetTypes())
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
                models.TryAdd((entity.Group ?? "", entity.ApiVersion, entity.Kind), type);
        return models;
    }
}
