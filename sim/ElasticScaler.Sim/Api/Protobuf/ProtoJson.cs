using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Api.Protobuf;

/// <summary>
/// Turns a message's protobuf bytes into the JSON object the same Go value marshals to, driven by the table: the
/// sim then handles it exactly as a JSON body. A field number the table does not list, or one it refuses, is a 415
/// naming the message, the number and where in the object it was, never silently dropped.
/// </summary>
internal static class ProtoJson
{
    public static JsonObject Decode(ProtoMessage message, ReadOnlyMemory<byte> bytes, string path = "")
    {
        var obj = new JsonObject();
        DecodeInto(obj, message, bytes, path);
        return obj;
    }

    private static void DecodeInto(JsonObject obj, ProtoMessage message, ReadOnlyMemory<byte> bytes, string path)
    {
        var reader = new ProtoReader(bytes, message.FullName);
        while (reader.Next(out var number, out var wire))
        {
            if (!message.Fields.TryGetValue(number, out var field))
                throw Undecodable($"field {number} of {message.FullName}{At(path)} is not one the sim knows (its table follows Kubernetes v1.32)");
            var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            if (field.Type == ProtoType.Refused)
                throw Undecodable($"field {number} ({field.Name}) of {message.FullName}{At(at)} is not decoded by the sim");
            if (field.Repeated && wire == ProtoReader.LengthDelimited && field.Type is ProtoType.Int32 or ProtoType.Int64 or ProtoType.Bool)
            {
                // A packed repeated scalar: one length-delimited run of varints.
                var packed = new ProtoReader(reader.ReadLengthDelimited(), message.FullName);
                var list = Array(obj, field.Name);
                while (!packed.AtEnd)
                    list.Add(Scalar(field, packed.ReadVarint()));
                continue;
            }
            switch (field.Type)
            {
                case ProtoType.StringMap or ProtoType.BytesMap or ProtoType.QuantityMap or ProtoType.StringListMap:
                    var (key, value) = Entry(field, Expect(reader, wire, ProtoReader.LengthDelimited, field, message), message, at);
                    if (obj[field.Name] is not JsonObject map)
                        obj[field.Name] = map = [];
                    map[key] = value;
                    break;
                case ProtoType.Inline:
                    DecodeInto(obj, ProtoSchema.Get(field.Message!), Expect(reader, wire, ProtoReader.LengthDelimited, field, message), path);
                    break;
                default:
                    var element = field.Repeated ? $"{at}[{(obj[field.Name] as JsonArray)?.Count ?? 0}]" : at;
                    var node = Value(field, reader, wire, message, element, out var zero);
                    if (field.Repeated)
                        Array(obj, field.Name).Add(node);
                    else if (!zero || field.KeepZero)
                        obj[field.Name] = node;
                    break;
            }
        }
    }

    private static JsonNode? Value(ProtoField field, ProtoReader reader, int wire, ProtoMessage message, string at, out bool zero)
    {
        zero = false;
        if (field.Type is ProtoType.Int32 or ProtoType.Int64 or ProtoType.Bool)
        {
            if (wire != ProtoReader.Varint)
                throw WrongWire(field, message, wire);
            var v = reader.ReadVarint();
            zero = v == 0;
            return Scalar(field, v);
        }
        var bytes = Expect(reader, wire, ProtoReader.LengthDelimited, field, message);
        switch (field.Type)
        {
            case ProtoType.String:
                zero = bytes.Length == 0;
                return Encoding.UTF8.GetString(bytes.Span);
            case ProtoType.Bytes:
                zero = bytes.Length == 0;
                return Convert.ToBase64String(bytes.Span);
            case ProtoType.Time:
                return Time(bytes, at);
            case ProtoType.Quantity:
                return Quantity(bytes, at);
            case ProtoType.IntOrString:
                return IntOrString(bytes, at);
            case ProtoType.Message:
                return Decode(ProtoSchema.Get(field.Message!), bytes, at);
            default:
                throw new InvalidOperationException($"{message.FullName}: field {field.Number} has type {field.Type}, which has no reader");
        }
    }

    private static JsonNode Scalar(ProtoField field, ulong v) => field.Type switch
    {
        // Negative int32 values are written as 64-bit two's complement varints.
        ProtoType.Int32 => JsonValue.Create((int)(long)v),
        ProtoType.Int64 => JsonValue.Create((long)v),
        _ => JsonValue.Create(v != 0),
    };

    private static (string Key, JsonNode? Value) Entry(ProtoField field, ReadOnlyMemory<byte> bytes, ProtoMessage message, string at)
    {
        var reader = new ProtoReader(bytes, $"{message.FullName}.{field.Name} entry");
        var key = "";
        JsonNode? value = field.Type switch
        {
            ProtoType.StringMap or ProtoType.BytesMap => "",
            ProtoType.QuantityMap => "0",
            _ => new JsonArray(),
        };
        while (reader.Next(out var number, out var wire))
        {
            if (wire != ProtoReader.LengthDelimited || number is not (1 or 2))
                throw Undecodable($"field {number} of a {field.Name} entry of {message.FullName}{At(at)} is not a map key or value");
            var data = reader.ReadLengthDelimited();
            if (number == 1)
            {
                key = Encoding.UTF8.GetString(data.Span);
                continue;
            }
            value = field.Type switch
            {
                ProtoType.StringMap => Encoding.UTF8.GetString(data.Span),
                ProtoType.BytesMap => Convert.ToBase64String(data.Span),
                ProtoType.QuantityMap => Quantity(data, at),
                _ => Strings(data, at),
            };
        }
        return (key, value);
    }

    /// <summary>metav1.Time marshals to JSON at whole seconds in UTC; the zero time (an empty message) is null.</summary>
    private static JsonNode? Time(ReadOnlyMemory<byte> bytes, string at)
    {
        if (bytes.Length == 0)
            return null;
        long seconds = 0;
        var reader = new ProtoReader(bytes, "k8s.io.apimachinery.pkg.apis.meta.v1.Time");
        while (reader.Next(out var number, out var wire))
        {
            var v = wire == ProtoReader.Varint ? reader.ReadVarint() : throw Undecodable($"field {number} of a Time{At(at)} is not a varint");
            if (number == 1)
                seconds = (long)v;
            else if (number != 2)
                throw Undecodable($"field {number} of k8s.io.apimachinery.pkg.apis.meta.v1.Time{At(at)} is not one the sim knows");
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>resource.Quantity is {string}; its zero value marshals to "0".</summary>
    private static JsonNode Quantity(ReadOnlyMemory<byte> bytes, string at)
    {
        var text = "0";
        var reader = new ProtoReader(bytes, "k8s.io.apimachinery.pkg.api.resource.Quantity");
        while (reader.Next(out var number, out var wire))
        {
            if (number != 1 || wire != ProtoReader.LengthDelimited)
                throw Undecodable($"field {number} of k8s.io.apimachinery.pkg.api.resource.Quantity{At(at)} is not one the sim knows");
            text = Encoding.UTF8.GetString(reader.ReadLengthDelimited().Span);
        }
        return text.Length == 0 ? "0" : text;
    }

    /// <summary>intstr.IntOrString is {type (0 int, 1 string), intVal, strVal}.</summary>
    private static JsonNode IntOrString(ReadOnlyMemory<byte> bytes, string at)
    {
        long type = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new ProtoReader(bytes, "k8s.io.apimachinery.pkg.util.intstr.IntOrString");
        while (reader.Next(out var number, out var wire))
        {
            switch (number, wire)
            {
                case (1, ProtoReader.Varint): type = (long)reader.ReadVarint(); break;
                case (2, ProtoReader.Varint): intVal = (int)(long)reader.ReadVarint(); break;
                case (3, ProtoReader.LengthDelimited): strVal = Encoding.UTF8.GetString(reader.ReadLengthDelimited().Span); break;
                default: throw Undecodable($"field {number} of k8s.io.apimachinery.pkg.util.intstr.IntOrString{At(at)} is not one the sim knows");
            }
        }
        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    /// <summary>authentication's ExtraValue: {repeated string items = 1}, a JSON array of strings.</summary>
    private static JsonArray Strings(ReadOnlyMemory<byte> bytes, string at)
    {
        var list = new JsonArray();
        var reader = new ProtoReader(bytes, "k8s.io.api.authentication.v1.ExtraValue");
        while (reader.Next(out var number, out var wire))
        {
            if (number != 1 || wire != ProtoReader.LengthDelimited)
                throw Undecodable($"field {number} of k8s.io.api.authentication.v1.ExtraValue{At(at)} is not one the sim knows");
            list.Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited().Span));
        }
        return list;
    }

    private static JsonArray Array(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray list)
            obj[name] = list = [];
        return list;
    }

    private static ReadOnlyMemory<byte> Expect(ProtoReader reader, int wire, int expected, ProtoField field, ProtoMessage message) =>
        wire == expected ? reader.ReadLengthDelimited() : throw WrongWire(field, message, wire);

    private static ApiException WrongWire(ProtoField field, ProtoMessage message, int wire) =>
        ApiException.BadRequest($"the protobuf body is malformed: field {field.Number} ({field.Name}) of {message.FullName} has wire type {wire}, not the one its type {field.Type} is written with");

    private static string At(string path) => path.Length == 0 ? "" : $" (at {path})";

    private static ApiException Undecodable(string why) => ApiException.ProtobufNotDecoded(why);
}
