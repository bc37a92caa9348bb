using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Raw HTTP: malformed bodies get the real 4xx Status (never a 500, never a changed object), and the admin endpoints.</summary>
public sealed class AdminAndBodyTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private HttpClient Http(string token)
    {
        var thumbprint = fx.Sim.Certificate!.Thumbprint;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        var http = new HttpClient(handler) { BaseAddress = fx.Sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<(HttpStatusCode Code, JsonElement Body)> Send(HttpClient http, HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null)
            req.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };
        using var res = await http.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return (res.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string? Param(MediaTypeHeaderValue t, string name) => t.Parameters.SingleOrDefault(p => p.Name == name)?.Value;

    [Theory]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "not json", "application/json", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "[1,2]", "application/json", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":\"x\"}", "application/json", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":5}}", "application/json", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"Bad_Name\"}}", "application/json", 422, "Invalid")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "\u0001\u0002", "application/vnd.kubernetes.protobuf", 400, "BadRequest")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "k8s\u0000\n\u000f\n\bbatch/v1\u0012\u0003Job\u0012\u0000", "application/vnd.kubernetes.protobuf", 415, "UnsupportedMediaType")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps", "{}", "text/plain", 415, "UnsupportedMediaType")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/probe", "{}", "application/xml", 415, "UnsupportedMediaType")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/probe", "{\"data\":", "application/merge-patch+json", 400, "BadRequest")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/probe", "{\"op\":\"add\"}", "application/json-patch+json", 400, "BadRequest")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/probe", "[{\"op\":\"remove\",\"path\":\"/nope/x\"}]", "application/json-patch+json", 422, "Invalid")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps/probe", "{\"data\":{\"k\":\"v\"}}", "application/apply-patch+yaml", 400, "BadRequest")]
    [InlineData("PUT", "/api/v1/namespaces/default/configmaps/probe", "{\"metadata\":{\"name\":\"other\"}}", "application/json", 400, "BadRequest")]
    [InlineData("GET", "/api/v1/namespaces/default/configmaps?limit=many", null, "application/json", 400, "BadRequest")]
    [InlineData("GET", "/api/v1/namespaces/default/widgets", null, "application/json", 404, "NotFound")]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps/probe", "{\"propagationPolicy\":\"Sideways\"}", "application/json", 422, "Invalid")]
    public async Task A_bad_request_gets_the_real_status_and_leaves_the_object_unchanged(string method, string path, string? body, string contentType, int code, string reason)
    {
        using var http = Http(fx.Sim.AdminToken);
        await Send(http, HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"probe\"},\"data\":{\"k\":\"v\"}}");
        var (_, before) = await Send(http, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/probe", null);
        var (status, answer) = await Send(http, new HttpMethod(method), path, body, contentType);
        Assert.Equal((code, "Status", reason), ((int)status, answer.GetProperty("kind").GetString(), answer.GetProperty("reason").GetString()));
        var (_, after) = await Send(http, HttpMethod.Get, "/api/v1/namespaces/default/configmaps/probe", null);
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task Strategic_merge_patch_on_a_custom_resource_is_415_as_on_a_real_server()
    {
        using var http = Http(fx.Sim.AdminToken);
        var crd = JsonSerializer.Serialize(k8s.KubernetesYaml.Deserialize<object>(await File.ReadAllTextAsync(SimFixture.Data("widget-crd.yaml"))));
        await Send(http, HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        await Send(http, HttpMethod.Post, "/apis/scaling.example.com/v1alpha1/namespaces/default/widgets", "{\"apiVersion\":\"scaling.example.com/v1alpha1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"target\":\"x\"}}");
        var (code, body) = await Send(http, HttpMethod.Patch, "/apis/scaling.example.com/v1alpha1/namespaces/default/widgets/w", "{\"spec\":{\"replicas\":3}}", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("UnsupportedMediaType", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_request_without_a_known_token_is_401_and_the_scaler_cannot_use_the_admin_endpoints()
    {
        using var anonymous = Http("wrong-token");
        var (code, body) = await Send(anonymous, HttpMethod.Get, "/api/v1/namespaces", null);
        Assert.Equal((HttpStatusCode.Unauthorized, "Unauthorized"), (code, body.GetProperty("reason").GetString()));
        using var scaler = Http(fx.Sim.ScalerToken);
        var (forbidden, _) = await Send(scaler, HttpMethod.Post, "/sim/faults", "{\"errorShare\":1}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
    }

    [Fact]
    public async Task The_admin_endpoint_adds_lists_and_clears_fault_rules_and_names_a_bad_field()
    {
        using var http = Http(fx.Sim.AdminToken);
        var (bad, badBody) = await Send(http, HttpMethod.Post, "/sim/faults", "{\"resource\":\"pods\",\"errorShare\":2}");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("ErrorShare", badBody.GetProperty("message").GetString());
        var (added, _) = await Send(http, HttpMethod.Post, "/sim/faults", "{\"resource\":\"secrets\",\"verb\":\"get\",\"latencyMs\":1}");
        Assert.Equal(HttpStatusCode.Created, added);
        var (_, listed) = await Send(http, HttpMethod.Get, "/sim/faults", null);
        Assert.Equal("secrets", listed.GetProperty("rules")[0].GetProperty("resource").GetString());
        await Send(http, HttpMethod.Delete, "/sim/faults", null);
        Assert.Empty(fx.Sim.Faults.Rules);
    }

    [Fact]
    public async Task Discovery_answers_legacy_and_aggregated_forms_with_the_right_content_types()
    {
        using var http = Http(fx.Sim.AdminToken);
        using var legacy = await http.GetAsync("/apis");
        Assert.Equal("application/json", legacy.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache, private", legacy.Headers.CacheControl!.ToString());
        using var req = new HttpRequestMessage(HttpMethod.Get, "/apis");
        req.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var aggregated = await http.SendAsync(req);
        var type = aggregated.Content.Headers.ContentType!;
        Assert.Equal(("application/json", "apidiscovery.k8s.io", "v2", "APIGroupDiscoveryList"),
            (type.MediaType, Param(type, "g"), Param(type, "v"), Param(type, "as")));
        var doc = JsonDocument.Parse(await aggregated.Content.ReadAsStringAsync()).RootElement;
        var apps = doc.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "apps");
        var deployments = apps.GetProperty("versions")[0].GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "deployments");
        Assert.Equal(["scale", "status"], deployments.GetProperty("subresources").EnumerateArray().Select(s => s.GetProperty("subresource").GetString()));
        var (_, core) = await Send(http, HttpMethod.Get, "/api/v1", null);
        Assert.Contains(core.GetProperty("resources").EnumerateArray(), r => r.GetProperty("name").GetString() == "pods/eviction" && r.GetProperty("group").GetString() == "policy");
    }
}
