using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Sim.Tests.Protobuf;

/// <summary>
/// The protobuf decoder on bodies captured from the real kubectl (Data/protobuf, see its README): each decodes to the
/// object kubectl's JSON path sends for the same command, and what the sim cannot decode is refused by name.
/// </summary>
public sealed class ProtobufBodyTests
{
    private static byte[] Captured(string name) => File.ReadAllBytes(SimFixture.Data(Path.Combine("protobuf", name + ".pb")));

    public static TheoryData<string> WithJson() =>
        [.. Directory.GetFiles(SimFixture.Data("protobuf"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(WithJson))]
    public void A_captured_body_decodes_to_the_json_kubectl_sends_for_the_same_command(string name)
    {
        var expected = JsonNode.Parse(File.ReadAllText(SimFixture.Data(Path.Combine("protobuf", name + ".json"))));
        var decoded = ProtobufBody.Decode(Captured(name));
        Assert.True(JsonNode.DeepEquals(expected, decoded), $"decoded:\n{decoded.ToJsonString()}\nexpected:\n{expected!.ToJsonString()}");
    }

    [Fact]
    public void Kubectl_debug_node_sends_a_pod_whose_host_namespaces_volumes_and_tolerations_decode()
    {
        var pod = ProtobufBody.Decode(Captured("debug-node"));
        var spec = pod["spec"]!;
        Assert.Equal("cn-hangzhou.192.168.0.12", (string?)spec["nodeName"]);
        Assert.True((bool)spec["hostPID"]! && (bool)spec["hostNetwork"]! && (bool)spec["hostIPC"]!);
        Assert.Equal("Never", (string?)spec["restartPolicy"]);
        Assert.Equal("/", (string?)spec["volumes"]![0]!["hostPath"]!["path"]);
        Assert.Equal("/host", (string?)spec["containers"]![0]!["volumeMounts"]![0]!["mountPath"]);
        Assert.Equal("Exists", (string?)spec["tolerations"]![0]!["operator"]);
        // Zero scalars that JSON's omitempty drops are dropped (hostPath.type is a pointer kubectl leaves unset).
        Assert.Null(spec["volumes"]![0]!["hostPath"]!["type"]);
        Assert.Null(spec["containers"]![0]!["stdin"]);
    }

    [Fact]
    public void Kubectl_debug_copy_to_sends_the_copied_pod_with_the_debug_container_and_its_profile()
    {
        var containers = ProtobufBody.Decode(Captured("debug-copy-profile"))["spec"]!["containers"]!.AsArray();
        Assert.Equal(["tmp", "dbg2"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal(["sleep", "100"], containers[1]!["command"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(["NET_ADMIN", "NET_RAW"], containers[1]!["securityContext"]!["capabilities"]!["add"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public void Kubectl_auth_can_i_sends_an_access_review_with_its_resource_attributes()
    {
        var review = ProtobufBody.Decode(Captured("auth-can-i"));
        var attrs = review["spec"]!["resourceAttributes"]!;
        Assert.Equal(["demo", "get", "pods", "log"], new[] { "namespace", "verb", "resource", "name" }.Select(k => (string?)attrs[k]));
        Assert.Null(attrs["group"]);
    }

    private static byte[] Deployment(params byte[][] containerFields) =>
        Pb.Envelope("apps/v1", "Deployment",
            Pb.Msg(1, Pb.Str(1, "web")),
            Pb.Msg(2, Pb.Varint(1, 0), Pb.Msg(3, Pb.Msg(2, Pb.Msg(2, [Pb.Str(1, "app"), .. containerFields])))));

    [Fact]
    public void Pointer_scalars_keep_a_zero_and_negative_numbers_decode_from_ten_byte_varints()
    {
        var body = Pb.Envelope("v1", "Pod", Pb.Msg(1, Pb.Str(1, "p")), Pb.Msg(2,
            Pb.Varint(25, -5),                                   // priority *int32
            Pb.Varint(4, 0),                                     // terminationGracePeriodSeconds *int64: 0 kept
            Pb.Varint(11, 0),                                    // hostNetwork bool (omitempty): dropped
            Pb.Msg(2, Pb.Str(1, "c"), Pb.Msg(6, Pb.Varint(3, 8080), Pb.Varint(2, 0)))));
        var spec = ProtobufBody.Decode(body)["spec"]!;
        Assert.Equal(-5, (int)spec["priority"]!);
        Assert.Equal(0, (long)spec["terminationGracePeriodSeconds"]!);
        Assert.Null(spec["hostNetwork"]);
        Assert.Equal("""[{"name":"c","ports":[{"containerPort":8080}]}]""", spec["containers"]!.ToJsonString());
        Assert.Equal(0, (int)ProtobufBody.Decode(Deployment())["spec"]!["replicas"]!);
    }

    [Fact]
    public void Quantities_int_or_strings_and_times_decode_to_their_json_forms()
    {
        var body = Deployment(
            Pb.Msg(8, Pb.Msg(2, Pb.Str(1, "cpu"), Pb.Msg(2, Pb.Str(1, "250m"))), Pb.Msg(1, Pb.Str(1, "memory"), Pb.Msg(2, Pb.Str(1, "1Gi")))),
            Pb.Msg(11, Pb.Msg(1, Pb.Msg(2, Pb.Str(1, "/healthz"), Pb.Msg(2, Pb.Varint(1, 1), Pb.Str(3, "http"))))),
            Pb.Msg(10, Pb.Msg(1, Pb.Msg(3, Pb.Msg(1, Pb.Varint(2, 8080))))));
        var c = ProtobufBody.Decode(body)["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("""{"requests":{"cpu":"250m"},"limits":{"memory":"1Gi"}}""", c["resources"]!.ToJsonString());
        Assert.Equal("http", (string?)c["readinessProbe"]!["httpGet"]!["port"]);
        Assert.Equal(8080, (int)c["livenessProbe"]!["tcpSocket"]!["port"]!);
        var deleting = Pb.Envelope("v1", "Namespace", Pb.Msg(1, Pb.Str(1, "n"), Pb.Msg(8), Pb.Msg(9, Pb.Varint(1, 1_790_000_000), Pb.Varint(2, 5))));
        var meta = ProtobufBody.Decode(deleting)["metadata"]!.AsObject();
        Assert.Null(meta["creationTimestamp"]);
        Assert.True(meta.ContainsKey("creationTimestamp"));
        Assert.Equal("2026-09-21T14:13:20Z", (string?)meta["deletionTimestamp"]);
    }

    [Fact]
    public void A_field_number_the_table_lacks_is_a_415_naming_the_message_the_number_and_where_it_was()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Deployment(Pb.Str(99, "surprise"))));
        Assert.Equal(415, e.Code);
        Assert.Equal("UnsupportedMediaType", e.Reason);
        Assert.Contains("field 99 of k8s.io.api.core.v1.Container (at spec.template.spec.containers[0])", e.Message, StringComparison.Ordinal);
        Assert.Contains("send it as application/json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_the_sim_refuses_is_a_415_naming_it_rather_than_dropping_it()
    {
        var body = Pb.Envelope("v1", "Pod", Pb.Msg(1, Pb.Str(1, "p")), Pb.Msg(2, Pb.Msg(1, Pb.Str(1, "v"), Pb.Msg(2, Pb.Msg(4, Pb.Str(1, "vol-1"))))));
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body));
        Assert.Equal(415, e.Code);
        Assert.True(e.Message.Contains("field 4 (awsElasticBlockStore) of k8s.io.api.core.v1.VolumeSource (at spec.volumes[0].awsElasticBlockStore) is not decoded by the sim", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_kind_without_a_table_is_a_415_listing_the_kinds_the_sim_decodes()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Pb.Envelope("batch/v1", "Job", Pb.Msg(1, Pb.Str(1, "j")))));
        Assert.Equal(415, e.Code);
        Assert.Contains("not Job (batch/v1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Deployment (apps/v1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Pod (v1)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(60)]
    public void A_truncated_body_is_a_400_not_a_partial_object(int cut)
    {
        var body = Captured("create-deployment");
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body[..^cut]));
        Assert.Equal(400, e.Code);
        Assert.StartsWith("the protobuf body is malformed: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_without_the_envelope_prefix_is_a_400()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode("{\"kind\":\"Pod\"}"u8.ToArray()));
        Assert.Equal(400, e.Code);
    }

    [Fact]
    public void A_wire_type_that_does_not_fit_the_field_is_a_400_naming_it()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Pb.Envelope("apps/v1", "Deployment", Pb.Msg(2, Pb.Str(1, "three")))));
        Assert.Equal(400, e.Code);
        Assert.Contains("field 1 (replicas) of k8s.io.api.apps.v1.DeploymentSpec", e.Message, StringComparison.Ordinal);
    }
}
