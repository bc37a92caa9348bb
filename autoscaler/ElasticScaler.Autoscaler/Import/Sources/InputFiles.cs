using ElasticScaler.Autoscaler.Import.Convert;

namespace ElasticScaler.Autoscaler.Import.Sources;

/// <summary>
/// The command's inputs: a file, a folder (every *.yaml, *.yml and *.json directly in it, by name), or <c>-</c>
/// for stdin. Every unreadable input is reported, not only the first.
/// </summary>
public static class InputFiles
{
    public static (IReadOnlyList<SourceDocument> Documents, IReadOnlyList<string> Errors) Read(IReadOnlyList<string> inputs, TextReader stdin)
    {
        var documents = new List<SourceDocument>();
        var errors = new List<string>();
        foreach (var input in inputs)
        {
            IEnumerable<string> files;
            if (input == "-")
            {
                Add(stdin.ReadToEnd(), "stdin");
                continue;
            }
            if (Directory.Exists(input))
            {
                files = Directory.EnumerateFiles(input)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).ToList();
                if (!files.Any()) errors.Add($"error: {input}: the folder holds no *.yaml, *.yml or *.json files");
            }
            else if (File.Exists(input))
            {
                files = [input];
            }
            else
            {
                errors.Add($"error: {input}: no such file or folder; pass YAML or JSON files, a folder of them, or - for stdin");
                continue;
            }
            foreach (var file in files)
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    errors.Add($"error: {file}: cannot be read: {e.Message}");
                    continue;
                }
                Add(text, file);
            }
        }
        return (documents, errors);

        void Add(string text, string name)
        {
            var (docs, error) = DocumentReader.Read(text, name);
            if (error is not null) errors.Add($"error: {error}");
            documents.AddRange(docs);
        }
    }
}
