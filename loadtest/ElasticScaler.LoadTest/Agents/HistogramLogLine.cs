using System.Globalization;
using ElasticScaler.LoadTest.Stats;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace ElasticScaler.LoadTest.Agents;

/// <summary>
/// One interval histogram as a line of HdrHistogram's log format (v1.3):
/// <c>StartTimestamp,Interval_Length,Interval_Max,Interval_Compressed_Histogram</c>, seconds with three decimals, the
/// max in milliseconds (values are microseconds), and the histogram in the standard compressed encoding, base64
/// ("HISTF…"). The encoding is lossless, so adding decoded histograms is exactly adding the originals.
/// HdrHistogram.NET 2.5.0's own <c>HistogramLogWriter</c> writes UTF-16 with untrimmed buffers, hence this codec.
/// </summary>
public static class HistogramLogLine
{
    /// <summary>The log line of <paramref name="histogram"/> covering <paramref name="startSeconds"/> for <paramref name="lengthSeconds"/>.</summary>
    public static string Encode(HistogramBase histogram, double startSeconds, double lengthSeconds)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"{startSeconds:0.000},{lengthSeconds:0.000},{histogram.GetMaxValue() / 1000.0:0.000},{Compressed(histogram)}");
    }

    /// <summary>The histogram in a log line written by <see cref="Encode"/> (or any v1.x tool); throws <see cref="FormatException"/> when it is not one.</summary>
    public static HistogramBase Decode(string line)
    {
        var parts = line.Split(',');
        if (parts.Length < 4 || !parts[^1].StartsWith("HIST", StringComparison.Ordinal))
        {
            throw new FormatException($"not an HdrHistogram log line (start,length,max,HIST…): '{Truncate(line)}'");
        }

        try
        {
            var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(Convert.FromBase64String(parts[^1])), 0);
            // Re-home into our range so Add never meets a narrower histogram (and values above it are clamped upstream).
            var histogram = LatencyHistogram.New();
            histogram.Add(decoded);
            return histogram;
        }
        catch (Exception ex) when (ex is not FormatException)
        {
            throw new FormatException($"HdrHistogram log line: the compressed histogram does not decode: {ex.Message}", ex);
        }
    }

    private static string Compressed(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        // ByteBuffer keeps its array private: read back the encoded bytes.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
