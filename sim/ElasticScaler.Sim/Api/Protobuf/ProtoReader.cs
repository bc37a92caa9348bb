namespace ElasticScaler.Sim.Api.Protobuf;

/// <summary>
/// Reads one protobuf message's fields in wire order: a tag (field number and wire type), then its varint or its
/// length-delimited bytes. A body that ends inside a field, or uses a wire type Kubernetes never writes (groups), is a
/// 400 naming the message being read.
/// </summary>
internal sealed class ProtoReader(ReadOnlyMemory<byte> bytes, string message)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private int _pos;

    public string Message { get; } = message;

    public bool AtEnd => _pos >= bytes.Length;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_pos >= bytes.Length)
        {
            field = wireType = 0;
            return false;
        }
        var tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0)
            throw Malformed($"field number {tag >> 3} is not valid");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        var span = bytes.Span;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= span.Length)
                throw Malformed("it ends inside a varint");
            var b = span[_pos++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return result;
        }
        throw Malformed("a varint is longer than 10 bytes");
    }

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(bytes.Length - _pos))
            throw Malformed($"a field of {length} bytes runs past the end of the message");
        var value = bytes.Slice(_pos, (int)length);
        _pos += (int)length;
        return value;
    }

    /// <summary>Skips a field's value (the envelope's fields the sim does not read).</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case LengthDelimited: ReadLengthDelimited(); break;
            case Fixed64: Advance(8); break;
            case Fixed32: Advance(4); break;
            default: throw Malformed($"wire type {wireType} is not one protobuf uses for Kubernetes objects");
        }
    }

    private void Advance(int n)
    {
        if (bytes.Length - _pos < n)
            throw Malformed("it ends inside a fixed-size field");
        _pos += n;
    }

    public ApiException Malformed(string why) =>
        ApiException.BadRequest($"the protobuf body is malformed: {Message}: {why}");
}
