using System.Globalization;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Cluster;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The repository's deploy/ manifests, applied to the sim as an admin would (in process, the sim's own rules).</summary>
public static class Manifests
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Creates every object of a multi-document YAML file (namespace taken from the object, else <paramref name="ns"/>).</summary>
    public static void Apply(SimulatedCluster cluster, string file, string? ns = null)
    {
        foreach (var obj in Read(File.ReadAllText(file)))
        {
            var type = cluster.Api.Registry.FindByKind((string)obj["apiVersion"]!, (string)obj["kind"]!)
                       ?? throw new InvalidOperationException($"{file}: the sim serves no {obj["apiVersion"]} {obj["kind"]}");
            var objNs = (string?)obj["metadata"]?["namespace"] ?? (type.Namespaced ? ns ?? "default" : "");
            var name = (string)obj["metadata"]!["name"]!;
            if (cluster.Api.Resources.TryGet(type, objNs, name) is null) cluster.Api.Resources.Create(type, objNs, obj);
        }
    }

    public static IEnumerable<JsonObject> Read(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var doc in stream.Documents)
            if (ToJson(doc.RootNode) is JsonObject obj) yield return obj;
    }

    /// <summary>YAML to JSON as kubectl reads it: plain scalars that look like numbers, booleans or null take those types; quoted ones stay strings.</summary>
    private static JsonNode? ToJson(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (k, v) in map.Children) o[((YamlScalarNode)k).Value!] = ToJson(v);
                return o;
            case YamlSequenceNode seq:
                return new JsonArray([.. seq.Children.Select(ToJson)]);
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any)) return JsonValue.Create(text);
                if (text is "true" or "false") return JsonValue.Create(text == "true");
                if (text is "null" or "~" or "") return null;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return JsonValue.Create(n);
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && text.Contains('.')) return JsonValue.Create(d);
                return JsonValue.Create(text);
            default:
                return null;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ElasticScaler.sln"))) return dir.FullName;
        throw new InvalidOperationException("ElasticScaler.sln not found");
    }
}
