namespace ElasticScaler.LoadTest.Http;

/// <summary>How a response's body is delimited.</summary>
internal enum BodyFraming
{
    None,
    ContentLength,
    Chunked,
    UntilClose,
}

/// <summary>
/// The parsed status line and the few headers a load generator needs. Pure: parses bytes already received, so it is
/// tested on byte strings alone.
/// </summary>
internal readonly record struct ResponseHead(int Status, int HeaderLength, BodyFraming Framing, long ContentLength, bool KeepAlive)
{
    /// <summary>
    /// Parses a response head from <paramref name="buffer"/>. Returns false while the blank line that ends the head has
    /// not arrived; throws <see cref="InvalidDataException"/> for a malformed head.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, bool headRequest, out ResponseHead head)
    {
        head = default;
        var end = buffer.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var lines = buffer[..(end + 2)];
        var firstEnd = lines.IndexOf("\r\n"u8);
        var statusLine = lines[..firstEnd];
        // "HTTP/1.1 200 OK": version, space, three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' ')
        {
            throw new InvalidDataException("malformed HTTP status line");
        }

        var http10 = statusLine[7] == (byte)'0';
        if (!char.IsAsciiDigit((char)statusLine[9]) || !char.IsAsciiDigit((char)statusLine[10]) || !char.IsAsciiDigit((char)statusLine[11]))
        {
            throw new InvalidDataException("malformed HTTP status code");
        }

        var status = ((statusLine[9] - '0') * 100) + ((statusLine[10] - '0') * 10) + (statusLine[11] - '0');
        if (status < 100)
        {
            throw new InvalidDataException("malformed HTTP status code");
        }

        long contentLength = -1;
        var chunked = false;
        bool? connectionKeepAlive = null;
        var rest = lines[(firstEnd + 2)..];
        while (rest.Length > 0)
        {
            var lineEnd = rest.IndexOf("\r\n"u8);
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                contentLength = ParseLong(value);
            }
            else if (name.Length == 17 && System.Text.Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.IndexOf("chunked"u8) >= 0 || System.Text.Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
            else if (name.Length == 10 && System.Text.Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (System.Text.Ascii.EqualsIgnoreCase(value, "close"u8))
                {
                    connectionKeepAlive = false;
                }
                else if (System.Text.Ascii.EqualsIgnoreCase(value, "keep-alive"u8))
                {
                    connectionKeepAlive = true;
                }
            }
        }

        // HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told to keep it.
        var keepAlive = connectionKeepAlive ?? !http10;
        var framing = headRequest || status is 204 or 304 || (status >= 100 && status < 200)
            ? BodyFraming.None
            : chunked ? BodyFraming.Chunked
            : contentLength >= 0 ? BodyFraming.ContentLength
            : BodyFraming.UntilClose;
        if (framing == BodyFraming.UntilClose)
        {
            keepAlive = false;
        }

        head = new ResponseHead(status, end + 4, framing, Math.Max(0, contentLength), keepAlive);
        return true;
    }

    private static long ParseLong(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty)
        {
            throw new InvalidDataException("empty Content-Length");
        }

        long value = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                throw new InvalidDataException("malformed Content-Length");
            }

            value = (value * 10) + (b - '0');
        }

        return value;
    }
}
