using System.Text;

namespace ElasticScaler.Sim.Tests.Protobuf;

/// <summary>Writes protobuf fields by hand, to build bodies kubectl would not send (unknown fields, negative numbers, truncation).</summary>
internal static class Pb
{
    public static byte[] Varint(int field, long value) => [.. Tag(field, 0), .. VarintBytes((ulong)value)];

    public static byte[] Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Msg(int field, params byte[][] parts) => Bytes(field, [.. parts.SelectMany(p => p)]);

    public static byte[] Bytes(int field, byte[] value) => [.. Tag(field, 2), .. VarintBytes((ulong)value.Length), .. value];

    /// <summary>The "k8s\0" runtime.Unknown envelope around an object's fields.</summary>
    public static byte[] Envelope(string apiVersion, string kind, params byte[][] fields) =>
        [0x6b, 0x38, 0x73, 0x00, .. Msg(1, Str(1, apiVersion), Str(2, kind)), .. Msg(2, fields)];

    private static byte[] Tag(int field, int wire) => VarintBytes((ulong)((field << 3) | wire));

    private static byte[] VarintBytes(ulong v)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            bytes.Add(v == 0 ? b : (byte)(b | 0x80));
        }
        while (v != 0);
        return [.. bytes];
    }
}
