using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class CrdSchemaTests
{
    private static readonly ResourceType Widgets = new()
    {
        Group = "scaling.example.com", Version = "v1", Kind = "Widget", Plural = "widgets", IsCustom = true,
        Schema = JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","required":["target"],"properties":{
              "target":{"type":"string","minLength":1,"maxLength":5,"pattern":"^[a-z]+$"},
              "replicas":{"type":"integer","minimum":0,"maximum":10,"default":1},
              "ratio":{"type":"number","minimum":0,"exclusiveMinimum":true},
              "mode":{"type":"string","enum":["Fast","Slow"]},
              "tags":{"type":"array","maxItems":2,"items":{"type":"string"}},
              "size":{"x-kubernetes-int-or-string":true},
              "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}
            """)!.AsObject(),
    };

    [Theory]
    [InlineData("{\"target\":\"web\"}", "")]
    [InlineData("{}", "spec.target: Required value")]
    [InlineData("{\"target\":\"\"}", "spec.target: Invalid value: \"\": spec.target in body should be at least 1 chars long; spec.target: Invalid value: \"\": spec.target in body should match '^[a-z]+$'")]
    [InlineData("{\"target\":\"toolong\"}", "spec.target: Too long: may not be more than 5 bytes")]
    [InlineData("{\"target\":\"WEB\"}", "spec.target: Invalid value: \"WEB\": spec.target in body should match '^[a-z]+$'")]
    [InlineData("{\"target\":\"a\",\"replicas\":11}", "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10")]
    [InlineData("{\"target\":\"a\",\"replicas\":-1}", "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0")]
    [InlineData("{\"target\":\"a\",\"replicas\":\"two\"}", "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"")]
    [InlineData("{\"target\":\"a\",\"replicas\":1.5}", "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\"")]
    [InlineData("{\"target\":\"a\",\"ratio\":0}", "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0")]
    [InlineData("{\"target\":\"a\",\"mode\":\"Medium\"}", "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"")]
    [InlineData("{\"target\":\"a\",\"tags\":[\"x\",\"y\",\"z\"]}", "spec.tags: Too many: 3: must have at most 2 items")]
    [InlineData("{\"target\":\"a\",\"tags\":[1]}", "spec.tags[0]: Invalid value: \"integer\": spec.tags[0] in body must be of type string: \"integer\"")]
    [InlineData("{\"target\":\"a\",\"size\":\"1Gi\"}", "")]
    [InlineData("{\"target\":\"a\",\"size\":true}", "spec.size: Invalid value: \"boolean\": spec.size in body must be of type : \"boolean\"")]
    [InlineData("{\"target\":\"a\",\"free\":{\"anything\":[1,{\"x\":2}]}}", "")]
    public void Validation_reports_each_schema_rule_with_the_field_path(string spec, string expected)
    {
        var obj = JsonNode.Parse("{\"metadata\":{\"name\":\"w\"},\"spec\":" + spec + "}")!.AsObject();
        var causes = CrdSchema.ValidateAndDefault(Widgets, obj, "Ignore");
        Assert.Equal(expected, string.Join("; ", causes.Select(c => c.Text)));
    }

    [Fact]
    public void Defaults_fill_missing_fields_and_unknown_fields_are_pruned_or_refused_under_strict()
    {
        var obj = JsonNode.Parse("{\"metadata\":{\"name\":\"w\"},\"spec\":{\"target\":\"a\",\"extra\":1},\"junk\":2}")!.AsObject();
        Assert.Empty(CrdSchema.ValidateAndDefault(Widgets, obj, "Ignore"));
        Assert.Equal("{\"metadata\":{\"name\":\"w\"},\"spec\":{\"target\":\"a\",\"replicas\":1}}", obj.ToJsonString());
        var strict = JsonNode.Parse("{\"metadata\":{\"name\":\"w\"},\"spec\":{\"target\":\"a\",\"extra\":1}}")!.AsObject();
        var e = Assert.Throws<ApiException>(() => CrdSchema.ValidateAndDefault(Widgets, strict, "Strict"));
        Assert.Equal("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.extra\"", e.Message);
    }
}
