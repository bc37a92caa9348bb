namespace ElasticScaler.LoadTest.Http;

/// <summary>
/// Walks a chunked body (RFC 9112 §7.1) without copying it: the generator only needs to know where the body ends and
/// how many bytes came. Feed it whatever arrived; it reports how much it used and whether the body is complete.
/// </summary>
internal sealed class ChunkedBodyReader
{
    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    private State _state = State.Size;
    private long _size;
    private bool _sawDigit;
    private long _remaining;
    private int _lineLength;

    public bool IsDone => _state == State.Done;

    /// <summary>Consumes bytes of <paramref name="data"/> and returns how many it used (less than all only when done).</summary>
    public int Consume(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            var b = data[i];
            switch (_state)
            {
                case State.Size:
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        _size = checked((_size * 16) + digit);
                        _sawDigit = true;
                    }
                    else if (b == (byte)';')
                    {
                        _state = State.Extension;
                    }
                    else if (b == (byte)'\n')
                    {
                        EndSizeLine();
                    }
                    else if (b != (byte)'\r' && b != (byte)' ' && b != (byte)'\t')
                    {
                        throw new InvalidDataException("malformed chunk size");
                    }

                    i++;
                    break;
                case State.Extension:
                    if (b == (byte)'\n')
                    {
                        EndSizeLine();
                    }

                    i++;
                    break;
                case State.Data:
                    var take = (int)Math.Min(_remaining, data.Length - i);
                    _remaining -= take;
                    i += take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;
                case State.DataEnd:
                    if (b == (byte)'\n')
                    {
                        _state = State.Size;
                        _size = 0;
                        _sawDigit = false;
                    }
                    else if (b != (byte)'\r')
                    {
                        throw new InvalidDataException("chunk data not followed by CRLF");
                    }

                    i++;
                    break;
                case State.Trailer:
                    if (b == (byte)'\n')
                    {
                        if (_lineLength == 0)
                        {
                            _state = State.Done;
                        }

                        _lineLength = 0;
                    }
                    else if (b != (byte)'\r')
                    {
                        _lineLength++;
                    }

                    i++;
                    break;
            }
        }

        return i;
    }

    private void EndSizeLine()
    {
        if (!_sawDigit)
        {
            throw new InvalidDataException("missing chunk size");
        }

        if (_size == 0)
        {
            _state = State.Trailer;
            _lineLength = 0;
        }
        else
        {
            _remaining = _size;
            _state = State.Data;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
