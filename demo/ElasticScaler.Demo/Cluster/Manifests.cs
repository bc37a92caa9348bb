using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticScaler.Demo.Cluster;

/// <summary>
/// Manifests as kubectl reads them: multi-document YAML into JSON objects, plain scalars that look like numbers,
/// booleans or null taking those types and quoted ones staying strings; and a kustomize folder's resource list.
/// </summary>
public static class Manifests
{
    /// <summary>The objects of one YAML file, in order (empty documents skipped).</summary>
    public static List<JsonObject> Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>()];
    }

    /// <summary>
    /// The files a kustomize folder lists under <c>resources</c> (its <c>Kustomization</c>, <c>kustomization.yaml</c> or
    /// <c>kustomization.yml</c>), in order, a listed folder expanded the same way.
    /// </summary>
    public static List<string> KustomizationFiles(string folder)
    {
        var file = new[] { "Kustomization", "kustomization.yaml", "kustomization.yml" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{folder} has no Kustomization (nor kustomization.yaml)", folder);
        var root = Read(file).Single();
        var files = new List<string>();
        foreach (var entry in root["resources"]?.AsArray() ?? [])
        {
            var path = Path.GetFullPath(Path.Combine(folder, (string)entry!));
            if (Directory.Exists(path))
                files.AddRange(KustomizationFiles(path));
            else
                files.Add(path);
        }
        return files;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
            return JsonValue.Create(text);
        if (text is "true" or "false")
            return JsonValue.Create(text == "true");
        if (text is "null" or "~" or "")
            return null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return JsonValue.Create(n);
        if (text.Contains('.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }
}
