using System.Text.Json.Nodes;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class CelLiteTests
{
    private static readonly JsonNode Spec = JsonNode.Parse("""{"minReplicas":2,"maxReplicas":5,"name":"web","tags":["a","b"],"ratio":0.5}""")!;

    [Theory]
    [InlineData("!has(self.minReplicas) || self.minReplicas <= self.maxReplicas", true)]
    [InlineData("self.minReplicas > self.maxReplicas", false)]
    [InlineData("has(self.missing)", false)]
    [InlineData("self.tags.size() == 2 && size(self.name) == 3", true)]
    [InlineData("self.name == 'web' ? self.ratio < 1.0 : false", true)]
    [InlineData("self.minReplicas * 2 + 1 == self.maxReplicas", true)]
    [InlineData("self.name != \"api\"", true)]
    public void The_supported_subset_evaluates_like_cel(string rule, bool expected) =>
        Assert.Equal(expected, CelLite.TryEvaluate(rule, Spec));

    [Theory]
    [InlineData("self.tags.all(t, t != '')")]
    [InlineData("self.missing > 1")]
    [InlineData("self.name.startsWith('w')")]
    [InlineData("self.minReplicas")]
    public void A_rule_outside_the_subset_is_not_evaluated(string rule) =>
        Assert.Null(CelLite.TryEvaluate(rule, Spec));

    [Fact]
    public void A_failed_validation_rule_is_an_invalid_cause_with_the_rule_message()
    {
        var type = new ResourceType
        {
            Group = "g.example.com", Version = "v1", Kind = "Thing", Plural = "things", IsCustom = true,
            Schema = JsonNode.Parse("""
                {"type":"object","properties":{"spec":{"type":"object",
                 "x-kubernetes-validations":[{"rule":"!has(self.minReplicas) || self.minReplicas <= self.maxReplicas","message":"minReplicas must not exceed maxReplicas"}],
                 "properties":{"minReplicas":{"type":"integer"},"maxReplicas":{"type":"integer"}}}}}
                """)!.AsObject(),
        };
        var obj = JsonNode.Parse("""{"metadata":{"name":"t"},"spec":{"minReplicas":7,"maxReplicas":3}}""")!.AsObject();
        var cause = Assert.Single(CrdSchema.ValidateAndDefault(type, obj, "Strict"));
        Assert.Equal("spec: Invalid value: \"object\": minReplicas must not exceed maxReplicas", cause.Text);
    }
}
