using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Invariant: whatever a client sends in place of any field of a valid object, the answer is never a 5xx.</summary>
public sealed class NoServerErrorPropertyTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private const string Valid = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"prop","labels":{"app":"web"},"annotations":{"a":"b"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","env":[{"name":"A","value":"1"}]}]}}}}
        """;

    private static readonly Gen<JsonNode?> Junk = Gen.OneOf<JsonNode?>(
        Gen.Const(() => (JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(0.5))),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const(() => (JsonNode?)new JsonArray(1, "x")),
        Gen.Const(() => (JsonNode?)new JsonObject { ["k"] = 1 }));

    /// <summary>Every path to a value in the valid object, so the generator can replace any one of them.</summary>
    private static List<string[]> Paths(JsonNode node, string[] prefix)
    {
        var paths = new List<string[]> { prefix };
        if (node is JsonObject o)
            foreach (var (k, v) in o)
                if (v is not null)
                    paths.AddRange(Paths(v, [.. prefix, k]));
        if (node is JsonArray a)
            for (var i = 0; i < a.Count; i++)
                paths.AddRange(Paths(a[i]!, [.. prefix, i.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        return paths;
    }

    private static string Mutate(string[] path, JsonNode? junk, string valid = Valid)
    {
        var root = JsonNode.Parse(valid)!;
        if (path.Length == 0)
            return junk?.ToJsonString() ?? "null";
        var parent = root;
        foreach (var p in path[..^1])
            parent = parent is JsonArray arr ? arr[int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)]! : parent[p]!;
        if (parent is JsonArray list)
            list[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = junk;
        else
            parent[path[^1]] = junk;
        return root.ToJsonString();
    }

    [Fact]
    public async Task Replacing_any_field_with_any_json_value_never_yields_a_server_error()
    {
        var thumbprint = fx.Sim.Certificate!.Thumbprint;
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == thumbprint })
        {
            BaseAddress = fx.Sim.BaseAddress,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fx.Sim.AdminToken);
        var paths = Paths(JsonNode.Parse(Valid)!, []);
        var ns = "prop-" + Guid.NewGuid().ToString("N")[..6];
        (await http.PostAsync("/api/v1/namespaces", new StringContent($"{{\"metadata\":{{\"name\":\"{ns}\"}}}}", Encoding.UTF8, "application/json"))).Dispose();
        var seed = new StringContent(Valid, Encoding.UTF8, "application/json");
        (await http.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", seed)).Dispose();
        Gen.Select(Gen.Int[0, paths.Count - 1], Junk, Gen.Int[0, 3]).Sample((index, junk, verb) =>
        {
            var body = Mutate(paths[index], junk);
            using var req = verb switch
            {
                0 => new HttpRequestMessage(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments"),
                1 => new HttpRequestMessage(HttpMethod.Put, $"/apis/apps/v1/namespaces/{ns}/deployments/prop"),
                2 => new HttpRequestMessage(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/prop"),
                _ => new HttpRequestMessage(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/prop/scale"),
            };
            req.Content = new StringContent(body, Encoding.UTF8, verb >= 2 ? "application/merge-patch+json" : "application/json");
            using var res = http.Send(req);
            return (int)res.StatusCode < 500;
        }, iter: 150, threads: 1);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/prop")).StatusCode);
    }

    [Fact]
    public void Replacing_any_field_of_a_metrics_admin_body_with_any_json_value_is_a_200_or_a_400_never_a_server_error()
    {
        const string custom = """{"value":"1500m","labels":{"verb":"GET"},"windowSeconds":60}""";
        const string external = """{"series":[{"labels":{"queue":"orders"},"value":"42"}],"windowSeconds":60}""";
        var thumbprint = fx.Sim.Certificate!.Thumbprint;
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == thumbprint })
        {
            BaseAddress = fx.Sim.BaseAddress,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fx.Sim.AdminToken);
        var targets = new[]
        {
            (Path: "/sim/metrics/custom/namespaces/prop/services/web/rps", Valid: custom, Paths: Paths(JsonNode.Parse(custom)!, [])),
            (Path: "/sim/metrics/external/namespaces/prop/queue_depth", Valid: external, Paths: Paths(JsonNode.Parse(external)!, [])),
        };
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 100], Junk).Sample((target, index, junk) =>
        {
            var (path, valid, paths) = targets[target];
            using var req = new HttpRequestMessage(HttpMethod.Put, path)
            {
                Content = new StringContent(Mutate(paths[index % paths.Count], junk, valid), Encoding.UTF8, "application/json"),
            };
            using var res = http.Send(req);
            return res.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest;
        }, iter: 150, threads: 1);
    }
}
