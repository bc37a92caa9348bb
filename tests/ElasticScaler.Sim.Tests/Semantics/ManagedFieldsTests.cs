using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class ManagedFieldsTests
{
    private static readonly ResourceType ConfigMaps = BuiltinKinds.All.Single(t => t.Kind == "ConfigMap");
    private static JsonObject J(string s) => JsonNode.Parse(s)!.AsObject();

    [Fact]
    public void Fields_v1_round_trips_the_leaf_paths_of_an_object()
    {
        var leaves = ManagedFields.Leaves(J("""{"apiVersion":"v1","metadata":{"name":"x","labels":{"a":"1"}},"data":{"k":"v","e":{}}}"""), skipStatus: false);
        Assert.Equal(leaves.OrderBy(x => x, StringComparer.Ordinal), ManagedFields.FromFieldsV1(ManagedFields.ToFieldsV1(leaves)).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal([".data.e", ".data.k", ".metadata.labels.a"], leaves.Select(ManagedFields.Render).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Applying_a_field_another_manager_set_to_a_different_value_conflicts_unless_forced()
    {
        var live = J("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1"}}""");
        ManagedFields.RecordUpdate(ConfigMaps, null, live, "editor", null, "2026-01-01T00:00:00Z");
        var intent = J("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"2"}}""");
        var e = Assert.Throws<ApiException>(() => ManagedFields.Apply(ConfigMaps, live, intent, "ci", force: false, null, "t"));
        Assert.Equal((409, "Apply failed with 1 conflict: conflict with \"editor\" using v1: .data.k"), (e.Code, e.Message));
        var forced = ManagedFields.Apply(ConfigMaps, live, intent, "ci", force: true, null, "t");
        Assert.Equal("2", (string?)forced["data"]!["k"]);
        Assert.Equal(["ci"], forced["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]));
    }

    [Fact]
    public void Applying_the_same_value_another_manager_set_shares_the_field_without_conflict()
    {
        var live = J("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1"}}""");
        ManagedFields.RecordUpdate(ConfigMaps, null, live, "editor", null, "t");
        var applied = ManagedFields.Apply(ConfigMaps, live, J("""{"metadata":{"name":"c"},"data":{"k":"1"}}"""), "ci", force: false, null, "t");
        Assert.Equal(["editor", "ci"], applied["metadata"]!["managedFields"]!.AsArray().Select(m => (string?)m!["manager"]));
    }

    private static readonly ResourceType Deployments = BuiltinKinds.All.Single(t => t.Kind == "Deployment");

    private static JsonObject Deployment(params (string Name, string Image)[] containers) => J(
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[" +
        string.Join(",", containers.Select(c => $"{{\"name\":\"{c.Name}\",\"image\":\"{c.Image}\"}}")) + "]}}}}");

    [Fact]
    public void Merge_keyed_lists_are_owned_item_by_item_so_managers_of_different_containers_do_not_conflict()
    {
        var live = ManagedFields.Apply(Deployments, null, Deployment(("web", "nginx:1")), "ci", force: false, null, "t");
        var edited = Deployment(("web", "nginx:2"));
        edited["metadata"]!["managedFields"] = live["metadata"]!["managedFields"]!.DeepClone();
        ManagedFields.RecordUpdate(Deployments, live, edited, "kubectl-set", null, "t");
        var withSidecar = ManagedFields.Apply(Deployments, edited, Deployment(("log", "fluentd")), "ops", force: false, null, "t");
        Assert.Equal(["web", "log"], withSidecar["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]));
        var e = Assert.Throws<ApiException>(() => ManagedFields.Apply(Deployments, withSidecar, Deployment(("web", "nginx:1")), "ci", force: false, null, "t"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"web\"].image", e.Message);
    }

    [Fact]
    public void A_list_item_the_manager_stops_applying_is_removed_with_its_fields()
    {
        var first = ManagedFields.Apply(Deployments, null, Deployment(("web", "nginx"), ("log", "fluentd")), "ci", force: false, null, "t");
        var second = ManagedFields.Apply(Deployments, first, Deployment(("web", "nginx")), "ci", force: false, null, "t");
        Assert.Equal(["web"], second["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"]));
        var items = second["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!.AsObject();
        Assert.Equal(["k:{\"name\":\"web\"}"], items.Select(i => i.Key));
    }
}
