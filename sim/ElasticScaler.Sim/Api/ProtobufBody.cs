using System.Text;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Api;

/// <summary>
/// Decodes the protobuf bodies kubectl's imperative generators send (`kubectl create namespace|configmap`): the
/// "k8s\0" envelope (runtime.Unknown) around a Namespace or ConfigMap. Only ObjectMeta's name, generateName,
/// namespace, labels, annotations and finalizers and the ConfigMap data maps are read; any other kind is a 415.
/// </summary>
public static class ProtobufBody
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    public static JsonObject? TryDecode(byte[] body)
    {
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual(Magic))
            return null;
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var (field, value) in Fields(body.AsMemory(4)))
        {
            if (field == 1)
                foreach (var (f, v) in Fields(value))
                {
                    if (f == 1) apiVersion = Text(v);
                    if (f == 2) kind = Text(v);
                }
            if (field == 2)
                raw = value.ToArray();
        }
        if (kind == "SelfSubjectReview")
            return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = new JsonObject() };
        if (raw is null || kind is not ("Namespace" or "ConfigMap" or "SelfSubjectAccessReview"))
            return null;
        if (kind == "SelfSubjectAccessReview")
            return AccessReview(raw, apiVersion);
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        var data = new JsonObject();
        var binary = new JsonObject();
        foreach (var (field, value) in Fields(raw))
        {
            if (field == 1)
                obj["metadata"] = Meta(value);
            else if (kind == "ConfigMap" && field == 2 && Entry(value) is var (k, v))
                data[k] = Text(v);
            else if (kind == "ConfigMap" && field == 3 && Entry(value) is var (bk, bv))
                binary[bk] = Convert.ToBase64String(bv.Span);
        }
        if (data.Count > 0)
            obj["data"] = data;
        if (binary.Count > 0)
            obj["binaryData"] = binary;
        return obj;
    }

    /// <summary>SelfSubjectAccessReview: spec (2) holds resourceAttributes (1) or nonResourceAttributes (2).</summary>
    private static JsonObject AccessReview(byte[] raw, string? apiVersion)
    {
        var spec = new JsonObject();
        foreach (var (field, value) in Fields(raw))
        {
            if (field != 2)
                continue;
            foreach (var (f, v) in Fields(value))
            {
                string[] names = f == 1
                    ? ["namespace", "verb", "group", "version", "resource", "subresource", "name"]
                    : ["path", "verb"];
                var attrs = new JsonObject();
                foreach (var (af, av) in Fields(v))
                    if (af >= 1 && af <= names.Length)
                        attrs[names[af - 1]] = Text(av);
                spec[f == 1 ? "resourceAttributes" : "nonResourceAttributes"] = attrs;
            }
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "SelfSubjectAccessReview", ["metadata"] = new JsonObject(), ["spec"] = spec };
    }

    private static JsonObject Meta(ReadOnlyMemory<byte> bytes)
    {
        var meta = new JsonObject();
        var labels = new JsonObject();
        var annotations = new JsonObject();
        var finalizers = new JsonArray();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: meta["name"] = Text(value); break;
                case 2: meta["generateName"] = Text(value); break;
                case 3: meta["namespace"] = Text(value); break;
                case 11 when Entry(value) is var (k, v): labels[k] = Text(v); break;
                case 12 when Entry(value) is var (k, v): annotations[k] = Text(v); break;
                case 14: finalizers.Add(Text(value)); break;
            }
        }
        if (labels.Count > 0)
            meta["labels"] = labels;
        if (annotations.Count > 0)
            meta["annotations"] = annotations;
        if (finalizers.Count > 0)
            meta["finalizers"] = finalizers;
        return meta;
    }

    private static (string Key, ReadOnlyMemory<byte> Value) Entry(ReadOnlyMemory<byte> bytes)
    {
        string key = "";
        ReadOnlyMemory<byte> value = ReadOnlyMemory<byte>.Empty;
        foreach (var (f, v) in Fields(bytes))
        {
            if (f == 1) key = Text(v);
            if (f == 2) value = v;
        }
        return (key, value);
    }

    private static string Text(ReadOnlyMemory<byte> v) => Encoding.UTF8.GetString(v.Span);

    /// <summary>Length-delimited fields of a message; varint and fixed fields are skipped.</summary>
    private static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> bytes)
    {
        var pos = 0;
        while (pos < bytes.Length)
        {
            var tag = Varint(bytes.Span, ref pos);
            var field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: Varint(bytes.Span, ref pos); break;
                case 1: pos += 8; break;
                case 5: pos += 4; break;
                case 2:
                    var len = (int)Varint(bytes.Span, ref pos);
                    if (len < 0 || pos + len > bytes.Length)
                        throw ApiException.BadRequest("the protobuf body is truncated");
                    yield return (field, bytes.Slice(pos, len));
                    pos += len;
                    break;
                default: throw ApiException.BadRequest($"the protobuf body has an unsupported wire type {tag & 7}");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> s, ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= s.Length)
                throw ApiException.BadRequest("the protobuf body is truncated");
            var b = s[pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw ApiException.BadRequest("the protobuf body has a malformed varint");
    }
}
