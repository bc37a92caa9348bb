using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class PatchTests
{
    private static JsonNode J(string s) => JsonNode.Parse(s)!;

    // RFC 7386 appendix A examples (transcribed as our own data).
    [Theory]
    [InlineData("{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}")]
    [InlineData("{\"a\":\"b\"}", "{\"a\":null}", "{}")]
    [InlineData("{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}", "{\"b\":\"c\"}")]
    [InlineData("{\"a\":[\"b\"]}", "{\"a\":\"c\"}", "{\"a\":\"c\"}")]
    [InlineData("{\"a\":\"c\"}", "{\"a\":[\"b\"]}", "{\"a\":[\"b\"]}")]
    [InlineData("{\"a\":{\"b\":\"c\"}}", "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}")]
    [InlineData("{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}", "{\"a\":[1]}")]
    [InlineData("{\"e\":null}", "{\"a\":1}", "{\"e\":null,\"a\":1}")]
    public void Merge_patch_follows_rfc_7386(string target, string patch, string expected) =>
        Assert.True(JsonNode.DeepEquals(J(expected), Patches.Merge(J(target), J(patch))), Patches.Merge(J(target), J(patch))!.ToJsonString());

    [Theory]
    [InlineData("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/b\",\"value\":2}]", "{\"a\":1,\"b\":2}")]
    [InlineData("{\"a\":[1,3]}", "[{\"op\":\"add\",\"path\":\"/a/1\",\"value\":2}]", "{\"a\":[1,2,3]}")]
    [InlineData("{\"a\":[1]}", "[{\"op\":\"add\",\"path\":\"/a/-\",\"value\":2}]", "{\"a\":[1,2]}")]
    [InlineData("{\"a\":1,\"b\":2}", "[{\"op\":\"remove\",\"path\":\"/a\"}]", "{\"b\":2}")]
    [InlineData("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":5}]", "{\"a\":5}")]
    [InlineData("{\"a\":{\"x\":1}}", "[{\"op\":\"move\",\"from\":\"/a/x\",\"path\":\"/y\"}]", "{\"a\":{},\"y\":1}")]
    [InlineData("{\"a\":1}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]", "{\"a\":1,\"b\":1}")]
    [InlineData("{\"a/b\":1}", "[{\"op\":\"test\",\"path\":\"/a~1b\",\"value\":1}]", "{\"a/b\":1}")]
    public void Json_patch_applies_each_rfc_6902_operation(string target, string ops, string expected) =>
        Assert.True(JsonNode.DeepEquals(J(expected), Patches.Json(J(target), (JsonArray)J(ops))));

    [Theory]
    [InlineData("{\"a\":1}", "[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]", "testing value /a failed")]
    [InlineData("{\"a\":1}", "[{\"op\":\"replace\",\"path\":\"/zz\",\"value\":2}]", "doc is missing key: /zz")]
    [InlineData("{\"a\":1}", "[{\"op\":\"remove\",\"path\":\"/x/y\"}]", "doc is missing path")]
    [InlineData("{\"a\":1}", "[{\"op\":\"jump\",\"path\":\"/a\"}]", "Unexpected kind: jump")]
    public void A_failing_json_patch_is_a_422_saying_why(string target, string ops, string why)
    {
        var e = Assert.Throws<ApiException>(() => Patches.Json(J(target), (JsonArray)J(ops)));
        Assert.Equal(422, e.Code);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Strategic_merge_merges_containers_and_env_by_name_with_delete_and_order_directives()
    {
        var live = J("""{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"nginx:1.27","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}""");
        var patch = J("""
            {"spec":{"template":{"spec":{
              "$setElementOrder/containers":[{"name":"sidecar"},{"name":"api"}],
              "containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"$patch":"delete","name":"B"}],"image":"nginx:1.28","name":"api"},{"image":"busybox","name":"sidecar"}]}}}}
            """);
        var result = StrategicMerge.Apply(live, patch, "Deployment")!;
        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["sidecar", "api"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("nginx:1.28", (string?)containers[1]!["image"]);
        Assert.Equal(["A"], containers[1]!["env"]!.AsArray().Select(e => (string?)e!["name"]));
    }

    [Theory]
    [InlineData("Pod", "{\"spec\":{\"tolerations\":[{\"key\":\"a\"}]}}", "{\"spec\":{\"tolerations\":[{\"key\":\"b\"}]}}", "{\"spec\":{\"tolerations\":[{\"key\":\"b\"}]}}")]
    [InlineData("Pod", "{\"metadata\":{\"finalizers\":[\"a\"]}}", "{\"metadata\":{\"finalizers\":[\"b\"]}}", "{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}")]
    [InlineData("Pod", "{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}", "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}}", "{\"metadata\":{\"finalizers\":[\"b\"]}}")]
    [InlineData("Service", "{\"spec\":{\"ports\":[{\"port\":80,\"name\":\"a\"}]}}", "{\"spec\":{\"ports\":[{\"port\":80,\"name\":\"b\"}]}}", "{\"spec\":{\"ports\":[{\"port\":80,\"name\":\"b\"}]}}")]
    [InlineData("Pod", "{\"spec\":{\"x\":1,\"y\":2}}", "{\"spec\":{\"$retainKeys\":[\"x\"],\"x\":3}}", "{\"spec\":{\"x\":3}}")]
    [InlineData("Pod", "{\"spec\":{\"x\":{\"a\":1}}}", "{\"spec\":{\"x\":{\"$patch\":\"replace\",\"b\":2}}}", "{\"spec\":{\"x\":{\"b\":2}}}")]
    [InlineData("Node", "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},{\"type\":\"DiskPressure\",\"status\":\"False\"}]}}",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}",
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},{\"type\":\"DiskPressure\",\"status\":\"False\"}]}}")]
    public void Strategic_merge_keeps_atomic_lists_atomic_and_merges_keyed_and_primitive_lists(string kind, string live, string patch, string expected) =>
        Assert.True(JsonNode.DeepEquals(J(expected), StrategicMerge.Apply(J(live), J(patch), kind)), StrategicMerge.Apply(J(live), J(patch), kind)!.ToJsonString());
}
