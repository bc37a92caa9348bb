using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Tests.Semantics;

/// <summary>Writes by REST path in process: the paths a client sends, the rules the HTTP front applies, no HTTP.</summary>
public sealed class ResourceRequestsTests
{
    private readonly ResourceService _service = new(new ResourceRegistry(BuiltinKinds.All), new ObjectStore(), TimeProvider.System);
    private readonly ResourceRequests _requests;

    public ResourceRequestsTests()
    {
        _requests = new ResourceRequests(_service, "tester");
        _requests.Create("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "ns" } });
    }

    private static JsonObject Deployment(string name, int replicas) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }) },
            },
        },
    };

    private ApiException Refused(Action write) => Assert.Throws<ApiException>(write);

    [Fact]
    public void A_scale_merge_patch_by_path_moves_only_the_parents_spec_replicas_and_answers_the_scale()
    {
        var created = _requests.Create("/apis/apps/v1/namespaces/ns/deployments", Deployment("web", 2));
        var scale = _requests.Patch("/apis/apps/v1/namespaces/ns/deployments/web/scale", ResourceService.MergePatch,
            new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 7 } });

        Assert.Equal(("Scale", 7L), ((string?)scale["kind"], (long?)scale["spec"]!["replicas"]));
        var live = _service.Get(_service.Type("apps", "v1", "deployments"), "ns", "web");
        Assert.Equal((7L, 2L), ((long?)live["spec"]!["replicas"], (long?)live["metadata"]!["generation"]));
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)live["metadata"]!["uid"]);
        // The caller is the field manager of what it wrote, as ?fieldManager names it over HTTP.
        Assert.Contains(live["metadata"]!["managedFields"]!.AsArray(), f => (string?)f!["manager"] == "tester" && (string?)f["subresource"] == "scale");
    }

    [Fact]
    public void A_put_replaces_and_a_json_patch_tests_before_it_edits()
    {
        _requests.Create("/apis/apps/v1/namespaces/ns/deployments", Deployment("web", 1));
        var live = _service.Get(_service.Type("apps", "v1", "deployments"), "ns", "web");
        live["metadata"]!["labels"] = new JsonObject { ["tier"] = "front" };
        var replaced = _requests.Update("/apis/apps/v1/namespaces/ns/deployments/web", live);
        Assert.Equal("front", (string?)replaced["metadata"]!["labels"]!["tier"]);

        var stale = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/labels/tier", ["value"] = "back" },
            new JsonObject { ["op"] = "replace", ["path"] = "/metadata/labels/tier", ["value"] = "edge" });
        Assert.Equal(422, Refused(() => _requests.Patch("/apis/apps/v1/namespaces/ns/deployments/web", ResourceService.JsonPatch, stale)).Code);
    }

    [Theory]
    [InlineData("/apis/apps/v1/namespaces/ns/widgets", 404, "the server could not find the requested resource")]
    [InlineData("/apis/apps/v1/deployments", 404, "the server could not find the requested resource")]
    [InlineData("/api/v1/namespaces/ns/nodes", 404, "the server could not find the requested resource")]
    [InlineData("/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods", 405, "the server does not allow this method on the requested resource")]
    [InlineData("/apis/apps/v1/namespaces/ns/deployments?dryRun=All", 400, "query parameters are not taken in process")]
    [InlineData("/version", 404, "the server could not find the requested resource")]
    public void A_create_on_a_path_that_names_no_collection_is_refused_as_the_http_front_refuses_it(string path, int code, string message)
    {
        var e = Refused(() => _requests.Create(path, Deployment("web", 1)));
        Assert.Equal(code, e.Code);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Patches_go_only_to_served_subresources_in_patch_media_types()
    {
        _requests.Create("/api/v1/namespaces/ns/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "cm" } });
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 1 } };
        Assert.Equal(404, Refused(() => _requests.Patch("/api/v1/namespaces/ns/configmaps/cm/scale", ResourceService.MergePatch, patch)).Code);
        Assert.Equal(415, Refused(() => _requests.Patch("/api/v1/namespaces/ns/configmaps/cm", "application/json", patch)).Code);
        Assert.Equal(405, Refused(() => _requests.Patch("/api/v1/namespaces/ns/configmaps", ResourceService.MergePatch, patch)).Code);
        // A body of another kind than the path names is refused before anything is written.
        Assert.Equal(400, Refused(() => _requests.Create("/api/v1/namespaces/ns/configmaps",
            new JsonObject { ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "s" } })).Code);
    }

    [Fact]
    public void A_delete_answers_a_status_or_the_object_as_the_kind_does_and_takes_delete_options_from_its_body()
    {
        _requests.Create("/apis/apps/v1/namespaces/ns/deployments", Deployment("web", 1));
        var status = _requests.Delete("/apis/apps/v1/namespaces/ns/deployments/web", new JsonObject { ["propagationPolicy"] = "Background" });
        Assert.Equal(("Status", "Success", "web"), ((string?)status["kind"], (string?)status["status"], (string?)status["details"]!["name"]));

        _requests.Create("/api/v1/namespaces/ns/serviceaccounts", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "sa" } });
        var kept = _requests.Delete("/api/v1/namespaces/ns/serviceaccounts/sa", new JsonObject { ["dryRun"] = new JsonArray("All") });
        Assert.Equal("ServiceAccount", (string?)kept["kind"]);
        Assert.NotNull(_service.TryGet(_service.Type("", "v1", "serviceaccounts"), "ns", "sa"));
        Assert.Equal(404, Refused(() => _requests.Delete("/api/v1/namespaces/ns/serviceaccounts/nobody")).Code);
    }

    [Fact]
    public void Delete_options_in_the_body_win_over_the_query_and_orphan_dependents_means_orphan()
    {
        var query = new DeleteOptions("Foreground", null, null, DryRun: false, GracePeriodSeconds: 30);
        Assert.Equal(query, ResourceRequests.DeleteOptionsOf(null, query));
        var body = JsonNode.Parse("""{"orphanDependents": true, "gracePeriodSeconds": 0, "preconditions": {"uid": "u1"}, "dryRun": ["All"]}""");
        Assert.Equal(new DeleteOptions("Orphan", "u1", null, DryRun: true, GracePeriodSeconds: 0), ResourceRequests.DeleteOptionsOf(body, query));
        Assert.Equal(query with { PropagationPolicy = "Background" }, ResourceRequests.DeleteOptionsOf(JsonNode.Parse("""{"propagationPolicy": "Background"}"""), query));
    }
}
