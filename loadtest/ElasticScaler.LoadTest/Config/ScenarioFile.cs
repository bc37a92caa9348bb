using System.Globalization;
using ElasticScaler.LoadTest.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticScaler.LoadTest.Config;

/// <summary>What a scenario file holds; every part is optional except the requests.</summary>
internal sealed record ScenarioFileContent
{
    public string? Name { get; init; }
    public IReadOnlyList<RequestSpec> Requests { get; init; } = [];
    public IReadOnlyList<LoadSimulation>? Simulations { get; init; }
    public LoadOptions Load { get; init; } = new();
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];
    public TimeSpan? WarmUp { get; init; }
    public int? MaxInFlight { get; init; }
    public TimeSpan? ThinkTime { get; init; }
    public HttpClientKind? Client { get; init; }
    public bool? Http2 { get; init; }
}

/// <summary>The plain-run and profile knobs, shared by the command line and the file's <c>load:</c> block.</summary>
internal sealed record LoadOptions
{
    public string? Profile { get; init; }
    public int? Concurrency { get; init; }
    public double? Rate { get; init; }
    public TimeSpan? Duration { get; init; }
    public int? MaxConcurrency { get; init; }
    public TimeSpan? StepDuration { get; init; }
    public double? TimeScale { get; init; }
}

/// <summary>
/// Reads a scenario from JSON or YAML (JSON is read as YAML, which it is). Every error names the file, the line, the
/// field and the fix; see docs/loadtest.md for the format.
/// </summary>
internal static class ScenarioFile
{
    private static readonly string[] TopKeys = ["name", "requests", "load", "thresholds", "warmUp", "thinkTime", "maxInFlight", "client", "http2", "defaults"];
    private static readonly string[] RequestKeys = ["name", "method", "url", "headers", "body", "weight", "timeout", "expectStatus"];
    private static readonly string[] LoadKeys = ["profile", "concurrency", "rate", "duration", "maxConcurrency", "stepDuration", "timeScale", "simulations"];
    private static readonly string[] SimulationKeys = ["kind", "copies", "rate", "interval", "during", "iterations"];
    private static readonly string[] ThresholdKeys = ["expr", "abortOnFail", "startCheckAfter"];

    public static ScenarioFileContent Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoadConfigException($"--scenario: file '{path}' does not exist; fix: give the path of a .json or .yaml scenario file");
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new LoadConfigException($"{path} line {ex.Start.Line}: {ex.Message}; fix: correct the JSON/YAML syntax there");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new LoadConfigException($"{path}: the file is not a mapping of keys; fix: start with 'requests:' (see docs/loadtest.md)");
        }

        return Parse(new Reader(path), root);
    }

    private static ScenarioFileContent Parse(Reader r, YamlMappingNode root)
    {
        r.OnlyKeys(root, TopKeys, "the top level");
        var defaults = r.Map(root, "defaults");
        var defaultTimeout = defaults is null ? null : r.Duration(defaults, "timeout", "defaults.timeout");
        var defaultHeaders = defaults is null ? null : r.StringMap(defaults, "headers", "defaults.headers");
        var requestsNode = r.Node(root, "requests") as YamlSequenceNode
            ?? throw r.Error(root, "requests: missing or not a list; fix: add 'requests:' with at least one '- url: http://…'");
        var requests = new List<RequestSpec>();
        for (var i = 0; i < requestsNode.Children.Count; i++)
        {
            var field = $"requests[{i}]";
            if (requestsNode.Children[i] is not YamlMappingNode item)
            {
                throw r.Error(requestsNode.Children[i], $"{field}: not a mapping; fix: write '- url: http://…'");
            }

            r.OnlyKeys(item, RequestKeys, field);
            var url = r.String(item, "url") ?? throw r.Error(item, $"{field}.url: missing; fix: add 'url: http://host:port/path'");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw r.Error(item, $"{field}.url: '{url}' is not an absolute http:// or https:// URL; fix: e.g. http://127.0.0.1:8080/");
            }

            var headers = new Dictionary<string, string>(defaultHeaders ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in r.StringMap(item, "headers", $"{field}.headers") ?? new Dictionary<string, string>())
            {
                headers[k] = v;
            }

            requests.Add(new RequestSpec
            {
                Name = r.String(item, "name") ?? $"request_{i}",
                Method = (r.String(item, "method") ?? "GET").ToUpperInvariant(),
                Url = uri,
                Headers = headers,
                Body = r.String(item, "body"),
                Weight = r.Int(item, "weight", $"{field}.weight") ?? 1,
                Timeout = r.Duration(item, "timeout", $"{field}.timeout") ?? defaultTimeout ?? TimeSpan.FromSeconds(5),
                ExpectStatus = r.Statuses(item, "expectStatus", $"{field}.expectStatus"),
            });
        }

        var load = r.Map(root, "load");
        LoadOptions options = new();
        IReadOnlyList<LoadSimulation>? simulations = null;
        if (load is not null)
        {
            r.OnlyKeys(load, LoadKeys, "load");
            options = new LoadOptions
            {
                Profile = r.String(load, "profile"),
                Concurrency = r.Int(load, "concurrency", "load.concurrency"),
                Rate = r.Double(load, "rate", "load.rate"),
                Duration = r.Duration(load, "duration", "load.duration"),
                MaxConcurrency = r.Int(load, "maxConcurrency", "load.maxConcurrency"),
                StepDuration = r.Duration(load, "stepDuration", "load.stepDuration"),
                TimeScale = r.Double(load, "timeScale", "load.timeScale"),
            };
            if (r.Node(load, "simulations") is { } simNode)
            {
                simulations = ParseSimulations(r, simNode);
            }
        }

        return new ScenarioFileContent
        {
            Name = r.String(root, "name"),
            Requests = requests,
            Simulations = simulations,
            Load = options,
            Thresholds = ParseThresholds(r, r.Node(root, "thresholds")),
            WarmUp = r.Duration(root, "warmUp", "warmUp"),
            MaxInFlight = r.Int(root, "maxInFlight", "maxInFlight"),
            ThinkTime = r.Duration(root, "thinkTime", "thinkTime"),
            Client = r.String(root, "client") is { } c
                ? Enum.TryParse<HttpClientKind>(c, true, out var kind) ? kind : throw r.Error(root, $"client: '{c}' is unknown; fix: use auto, lean or httpclient")
                : null,
            Http2 = r.Bool(root, "http2", "http2"),
        };
    }

    private static List<LoadSimulation> ParseSimulations(Reader r, YamlNode node)
    {
        if (node is not YamlSequenceNode list)
        {
            throw r.Error(node, "load.simulations: not a list; fix: write '- { kind: KeepConstant, copies: 10, during: 30s }'");
        }

        var result = new List<LoadSimulation>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = $"load.simulations[{i}]";
            if (list.Children[i] is not YamlMappingNode m)
            {
                throw r.Error(list.Children[i], $"{field}: not a mapping; fix: write '- {{ kind: KeepConstant, copies: 10, during: 30s }}'");
            }

            r.OnlyKeys(m, SimulationKeys, field);
            var kind = r.String(m, "kind") ?? throw r.Error(m, $"{field}.kind: missing; fix: one of RampingConstant, KeepConstant, RampingInject, Inject, Pause, IterationsForConstant, IterationsForInject");
            int Copies() => r.Int(m, "copies", $"{field}.copies") ?? throw r.Error(m, $"{field}.copies: missing for {kind}; fix: add 'copies: 10'");
            double Rate() => r.Double(m, "rate", $"{field}.rate") ?? throw r.Error(m, $"{field}.rate: missing for {kind}; fix: add 'rate: 100'");
            TimeSpan During() => r.Duration(m, "during", $"{field}.during") ?? throw r.Error(m, $"{field}.during: missing for {kind}; fix: add 'during: 30s'");
            TimeSpan Interval() => r.Duration(m, "interval", $"{field}.interval") ?? TimeSpan.FromSeconds(1);
            long Iterations() => r.Int(m, "iterations", $"{field}.iterations") ?? throw r.Error(m, $"{field}.iterations: missing for {kind}; fix: add 'iterations: 1000'");
            result.Add(kind.ToLowerInvariant() switch
            {
                "rampingconstant" => Simulation.RampingConstant(Copies(), During()),
                "keepconstant" => Simulation.KeepConstant(Copies(), During()),
                "rampinginject" => Simulation.RampingInject(Rate(), Interval(), During()),
                "inject" => Simulation.Inject(Rate(), Interval(), During()),
                "pause" => Simulation.Pause(During()),
                "iterationsforconstant" => Simulation.IterationsForConstant(Copies(), Iterations()),
                "iterationsforinject" => Simulation.IterationsForInject(Rate(), Interval(), Iterations()),
                _ => throw r.Error(m, $"{field}.kind: '{kind}' is unknown; fix: one of RampingConstant, KeepConstant, RampingInject, Inject, Pause, IterationsForConstant, IterationsForInject"),
            });
        }

        return result;
    }

    private static List<Threshold> ParseThresholds(Reader r, YamlNode? node)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw r.Error(node, "thresholds: not a list; fix: write '- p95 < 500ms'");
        }

        var result = new List<Threshold>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = $"thresholds[{i}]";
            try
            {
                result.Add(list.Children[i] switch
                {
                    YamlScalarNode s => Threshold.Parse(s.Value ?? ""),
                    YamlMappingNode m => ParseThresholdObject(r, m, field),
                    var other => throw r.Error(other, $"{field}: write a string like 'p95 < 500ms' or {{ expr: 'p95 < 500ms', abortOnFail: true, startCheckAfter: 30s }}"),
                });
            }
            catch (LoadConfigException ex) when (!ex.Message.StartsWith(r.Path, StringComparison.Ordinal))
            {
                throw r.Error(list.Children[i], $"{field}: {ex.Message}");
            }
        }

        return result;
    }

    private static Threshold ParseThresholdObject(Reader r, YamlMappingNode m, string field)
    {
        r.OnlyKeys(m, ThresholdKeys, field);
        var expr = r.String(m, "expr") ?? throw r.Error(m, $"{field}.expr: missing; fix: add expr: 'p95 < 500ms'");
        return Threshold.Parse(expr, r.Bool(m, "abortOnFail", $"{field}.abortOnFail") ?? false, r.Duration(m, "startCheckAfter", $"{field}.startCheckAfter"));
    }

    /// <summary>Typed access to YAML nodes with errors that carry the file and line.</summary>
    private sealed class Reader(string path)
    {
        public string Path { get; } = path;

        public LoadConfigException Error(YamlNode node, string message) => new($"{Path} line {node.Start.Line}: {message}");

        public YamlNode? Node(YamlMappingNode map, string key) =>
            map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

        public void OnlyKeys(YamlMappingNode map, string[] allowed, string where)
        {
            foreach (var key in map.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "?";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw Error(key, $"unknown key '{name}' in {where}; fix: use one of {string.Join(", ", allowed)}");
                }
            }
        }

        public YamlMappingNode? Map(YamlMappingNode map, string key) => Node(map, key) switch
        {
            null => null,
            YamlMappingNode m => m,
            var other => throw Error(other, $"{key}: expected a mapping of keys"),
        };

        public string? String(YamlMappingNode map, string key) => Node(map, key) switch
        {
            null => null,
            YamlScalarNode s => s.Value,
            var other => throw Error(other, $"{key}: expected a single value, not a list or mapping"),
        };

        public int? Int(YamlMappingNode map, string key, string field) => String(map, key) is { } v
            ? int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw Error(Node(map, key)!, $"{field}: '{v}' is not a whole number")
            : null;

        public double? Double(YamlMappingNode map, string key, string field) => String(map, key) is { } v
            ? double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : throw Error(Node(map, key)!, $"{field}: '{v}' is not a number")
            : null;

        public bool? Bool(YamlMappingNode map, string key, string field) => String(map, key) is { } v
            ? bool.TryParse(v, out var b) ? b : throw Error(Node(map, key)!, $"{field}: '{v}' is not true or false")
            : null;

        public TimeSpan? Duration(YamlMappingNode map, string key, string field)
        {
            if (String(map, key) is not { } v)
            {
                return null;
            }

            try
            {
                return DurationText.Parse(v, field);
            }
            catch (LoadConfigException ex)
            {
                throw Error(Node(map, key)!, ex.Message);
            }
        }

        public Dictionary<string, string>? StringMap(YamlMappingNode map, string key, string field) => Node(map, key) switch
        {
            null => null,
            YamlMappingNode m => m.Children.ToDictionary(
                kv => (kv.Key as YamlScalarNode)?.Value ?? throw Error(kv.Key, $"{field}: header names must be plain strings"),
                kv => (kv.Value as YamlScalarNode)?.Value ?? throw Error(kv.Value, $"{field}: header values must be plain strings"),
                StringComparer.OrdinalIgnoreCase),
            var other => throw Error(other, $"{field}: expected a mapping such as {{ Accept: application/json }}"),
        };

        public HashSet<int> Statuses(YamlMappingNode map, string key, string field)
        {
            var node = Node(map, key);
            IEnumerable<YamlNode> items = node switch
            {
                null => [],
                YamlScalarNode s => [s],
                YamlSequenceNode seq => seq.Children,
                _ => throw Error(node, $"{field}: expected a status or a list of statuses, e.g. [200, 201]"),
            };
            var result = new HashSet<int>();
            foreach (var item in items)
            {
                var text = (item as YamlScalarNode)?.Value;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
                {
                    throw Error(item, $"{field}: '{text}' is not an HTTP status (100-599); fix: e.g. expectStatus: [200, 201]");
                }

                result.Add(code);
            }

            return result;
        }
    }
}
