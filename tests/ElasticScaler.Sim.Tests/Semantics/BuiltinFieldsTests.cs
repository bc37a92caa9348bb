using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

/// <summary>Strict decoding of built-in kinds: what a v1.32 apiserver does with a field its Go type lacks.</summary>
public sealed class BuiltinFieldsTests
{
    private static ResourceType Kind(string group, string kind) => BuiltinKinds.All.Single(t => t.Group == group && t.Kind == kind);

    /// <summary>A valid Deployment; the extras (JSON members with a trailing comma) go into its spec and its container.</summary>
    private static JsonObject Deployment(string extraContainerField = "", string extraSpecField = "") => JsonNode.Parse((
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},'spec':{'replicas':2," + extraSpecField +
        "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'nginx'," +
        extraContainerField +
        "'resources':{'requests':{'cpu':'500m'}},'securityContext':{'runAsNonRoot':true,'capabilities':{'drop':['ALL']}}}]}}}}").Replace('\'', '"'))!.AsObject();

    [Fact]
    public void Every_served_built_in_kind_that_stores_objects_has_a_model_so_none_goes_unchecked()
    {
        var missing = BuiltinKinds.All.Where(t => !t.IsVirtual && BuiltinFields.ModelOf(t) is null).Select(t => t.GroupKind).ToList();
        Assert.True(missing.Count == 0, "no model for: " + string.Join(", ", missing));
        Assert.Equal("V1PodDisruptionBudget", BuiltinFields.ModelOf(Kind("policy", "PodDisruptionBudget"))!.Name);
        Assert.Equal("Eventsv1Event", BuiltinFields.ModelOf(Kind("events.k8s.io", "Event"))!.Name);
    }

    [Fact]
    public void A_valid_object_decodes_unchanged()
    {
        var d = Deployment();
        var before = d.ToJsonString();
        BuiltinFields.Decode(Kind("apps", "Deployment"), d, "Strict");
        Assert.Equal(before, d.ToJsonString());
    }

    [Fact]
    public void Strict_names_every_unknown_field_by_its_path_as_the_apiserver_does()
    {
        var d = Deployment("'imagePullPolicyy':'Always',", "'replica':3,");
        d["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"]!["runAsNonroot"] = true;
        var e = Assert.Throws<ApiException>(() => BuiltinFields.Decode(Kind("apps", "Deployment"), d, "Strict"));
        Assert.Equal(400, e.Code);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\", " +
            "unknown field \"spec.template.spec.containers[0].imagePullPolicyy\", unknown field \"spec.template.spec.containers[0].securityContext.runAsNonroot\"", e.Message);
    }

    [Theory]
    [InlineData("Warn")]
    [InlineData("Ignore")]
    public void Warn_and_ignore_drop_the_unknown_field_and_keep_the_rest(string mode)
    {
        var d = Deployment("'imagePullPolicyy':'Always',");
        BuiltinFields.Decode(Kind("apps", "Deployment"), d, mode);
        var container = d["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        Assert.False(container.ContainsKey("imagePullPolicyy"));
        Assert.Equal("nginx", (string?)container["image"]);
        Assert.Equal(new[] { "ALL" }, container["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Map_values_and_untyped_fields_decode_by_their_own_rules()
    {
        // Labels are a string map (any key); a CRD's schema is JSON schema whose properties map to schemas, and whose
        // default is any JSON: a typo inside a property's schema is caught, arbitrary defaults are not fields.
        var crd = JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"ws.x.io","labels":{"any/key":"v"}},
             "spec":{"group":"x.io","scope":"Namespaced","names":{"kind":"W","plural":"ws"},"versions":[{"name":"v1","served":true,"storage":true,
              "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","default":{"free":{"form":1}},
                "properties":{"size":{"type":"integer","minimun":1}}}}}}}]}}
            """)!.AsObject();
        var e = Assert.Throws<ApiException>(() => BuiltinFields.Decode(Kind("apiextensions.k8s.io", "CustomResourceDefinition"), crd, "Strict"));
        Assert.EndsWith("strict decoding error: unknown field \"spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[size].minimun\"", e.Message);
    }

    [Fact]
    public void A_disruption_budget_is_decoded_by_policy_v1s_fields()
    {
        var pdb = JsonNode.Parse("""{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"b"},"spec":{"minAvailable":1,"selector":{"matchLabels":{"app":"web"}},"minAvaliable":2}}""")!.AsObject();
        var e = Assert.Throws<ApiException>(() => BuiltinFields.Decode(Kind("policy", "PodDisruptionBudget"), pdb, "Strict"));
        Assert.EndsWith("unknown field \"spec.minAvaliable\"", e.Message);
    }
}
