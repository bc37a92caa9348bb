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
