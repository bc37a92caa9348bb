using System.Text.Json;
using ElasticScaler.Service.Controller;

namespace ElasticScaler.Service.Tests;

public sealed class WorkloadObjectTests
{
    public static TheoryData<string, string> Selectors => new()
    {
        { """{"matchLabels":{"app":"wordpress"}}""", "app=wordpress" },
        { """{"matchLabels":{"tier":"web","app":"shop"}}""", "app=shop,tier=web" },
        { """{"matchLabels":{"app":"shop"},"matchExpressions":[{"key":"env","operator":"In","values":["prod","canary"]}]}""", "app=shop,env in (canary,prod)" },
        { """{"matchExpressions":[{"key":"env","operator":"NotIn","values":["dev"]},{"key":"gpu","operator":"DoesNotExist"},{"key":"zone","operator":"Exists"}]}""", "!gpu,env notin (dev),zone" },
        { "{}", "" },
    };

    [Theory]
    [MemberData(nameof(Selectors))]
    public void A_label_selector_reads_as_the_scale_subresource_renders_it(string selector, string expected)
    {
        using var doc = JsonDocument.Parse(selector);
        Assert.Equal(expected, WorkloadObject.SelectorText(doc.RootElement));
    }

    [Fact]
    public void A_deployment_reads_its_scale_generation_template_hash_and_controller()
    {
        var w = WorkloadObject.Read(Json(Fixtures.Deployment("wordpress", replicas: 22, ownerUid: "es-uid")));
        Assert.Equal(("Deployment", 22, "app=wordpress", "es-uid"), (w.Kind, w.SpecReplicas, w.Selector, w.ControllerUid));
        Assert.Equal(1, w.Generation);
        var retemplated = Fixtures.Deployment("wordpress", replicas: 22, image: "wordpress:6.7");
        Assert.NotEqual(w.TemplateHash, WorkloadObject.Read(Json(retemplated)).TemplateHash);
        Assert.Equal(w.TemplateHash, WorkloadObject.Read(Json(Fixtures.Deployment("wordpress", replicas: 30))).TemplateHash);
    }

    [Fact]
    public void A_deployment_without_replicas_has_one_as_the_api_server_defaults_it()
    {
        var d = Fixtures.Deployment("web", replicas: 1);
        d["spec"]!.AsObject().Remove("replicas");
        Assert.Equal(1, WorkloadObject.Read(Json(d)).SpecReplicas);
    }

    private static JsonElement Json(System.Text.Json.Nodes.JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement;
}

public sealed class CompactJsonTests
{
    [Fact]
    public void The_kept_json_drops_managed_fields_and_keeps_everything_else_compact()
    {
        var obj = System.Text.Json.JsonDocument.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "shop", "namespace": "web", "resourceVersion": "7",
                          "managedFields": [{"manager": "kubectl", "operation": "Apply", "fieldsV1": {"f:spec": {"f:replicas": {}}}}],
                          "labels": {"app": "shop"}},
             "spec": {"replicas": 3, "template": {"metadata": {"managedFields": "not metadata's: kept"}}}}
            """).RootElement;

        var kept = System.Text.Encoding.UTF8.GetString(Controller.CompactJson.WithoutManagedFields(obj));

        Assert.Equal("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"shop","namespace":"web","resourceVersion":"7","labels":{"app":"shop"}},"spec":{"replicas":3,"template":{"metadata":{"managedFields":"not metadata's: kept"}}}}""", kept);
        var read = Controller.WorkloadObject.Read(obj);
        Assert.False(read.Raw.GetProperty("metadata").TryGetProperty("managedFields", out _));
        Assert.Equal(3, read.SpecReplicas);
    }
}
