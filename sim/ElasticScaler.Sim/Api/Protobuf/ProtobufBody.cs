using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim.Api.Protobuf;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// Decodes the protobuf bodies kubectl's generators send (create deployment|service|secret|..., debug, auth can-i):
/// the "k8s\0" envelope (runtime.Unknown: typeMeta {apiVersion, kind}, raw, contentEncoding, contentType) around the
/// object's bytes, which become the JSON object the JSON path would have read, by the table of
/// <see cref="KubernetesMessages"/>. A kind without a table is a 415 that lists the kinds the sim decodes.
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject Decode(byte[] body)
    {
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw ApiException.BadRequest("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        string apiVersion = "", kind = "", encoding = "";
        var raw = ReadOnlyMemory<byte>.Empty;
        var envelope = new ProtoReader(body.AsMemory(Magic.Length), "k8s.io.apimachinery.pkg.runtime.Unknown");
        while (envelope.Next(out var field, out var wire))
        {
            if (wire != ProtoReader.LengthDelimited)
            {
                envelope.Skip(wire);
                continue;
            }
            var value = envelope.ReadLengthDelimited();
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtoReader(value, "k8s.io.apimachinery.pkg.runtime.TypeMeta");
                    while (typeMeta.Next(out var f, out var w))
                    {
                        if (w != ProtoReader.LengthDelimited)
                        {
                            typeMeta.Skip(w);
                            continue;
                        }
                        var text = Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited().Span);
                        if (f == 1) apiVersion = text;
                        if (f == 2) kind = text;
                    }
                    break;
                case 2: raw = value; break;
                case 3: encoding = Encoding.UTF8.GetString(value.Span); break;
            }
        }
        if (encoding.Length > 0)
            throw ApiException.ProtobufNotDecoded($"the envelope's contentEncoding \"{encoding}\" is not one the sim reads");
        var message = ProtoSchema.ForKind(apiVersion, kind)
            ?? throw ApiException.ProtobufNotDecoded($"the sim decodes protobuf only for {ProtoSchema.SupportedKinds}, not {(kind.Length == 0 ? "an envelope without a kind" : $"{kind} ({apiVersion})")}");
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, node) in ProtoJson.Decode(message, raw))
            obj[name] = node?.DeepClone();
        return obj;
    }
}
