using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class SelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["env"] = "prod" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app!=web", false)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("tier in (front,back)", true)]
    [InlineData("tier notin (front)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("env in (prod), app = web", true)]
    public void A_label_selector_matches_as_the_api_grammar_says(string selector, bool matches) =>
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));

    [Theory]
    [InlineData("app in web")]
    [InlineData("app=web,")]
    [InlineData("bad key=x")]
    [InlineData("app=not valid")]
    public void A_malformed_label_selector_is_a_400(string selector)
    {
        var e = Assert.Throws<ApiException>(() => LabelSelector.Parse(selector));
        Assert.Equal((400, "BadRequest"), (e.Code, e.Reason));
    }

    [Fact]
    public void A_selector_object_renders_as_scale_status_selector_does_sorted_by_key()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""
            {"matchLabels":{"tier":"front","app":"web"},"matchExpressions":[{"key":"env","operator":"In","values":["qa","prod"]},{"key":"gone","operator":"DoesNotExist"}]}
            """);
        Assert.Equal("app=web,env in (prod,qa),!gone,tier=front", LabelSelector.FromObject(node).ToString());
    }

    [Theory]
    [InlineData("spec.nodeName=n1", true)]
    [InlineData("spec.nodeName!=n1", false)]
    [InlineData("metadata.name=p,status.phase==Running", true)]
    [InlineData("status.phase=Pending", false)]
    public void A_field_selector_matches_the_extracted_fields(string selector, bool matches)
    {
        var pods = BuiltinKinds.All.Single(t => t.Kind == "Pod");
        var fields = new Dictionary<string, string> { ["metadata.name"] = "p", ["spec.nodeName"] = "n1", ["status.phase"] = "Running" };
        Assert.Equal(matches, FieldSelector.Parse(selector, pods).Matches(fields));
    }

    [Fact]
    public void A_field_the_kind_does_not_support_is_named_in_the_400()
    {
        var deployments = BuiltinKinds.All.Single(t => t.Kind == "Deployment");
        var e = Assert.Throws<ApiException>(() => FieldSelector.Parse("spec.nodeName=n1", deployments));
        Assert.Equal("field label not supported: spec.nodeName", e.Message);
    }
}
