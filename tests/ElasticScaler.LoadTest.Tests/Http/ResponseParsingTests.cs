using System.Net.Sockets;
using System.Text;
using ElasticScaler.LoadTest.Http;

namespace ElasticScaler.LoadTest.Tests.Http;

public sealed class ResponseParsingTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n", false, 200, "ContentLength", 3, true)]
    [InlineData("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n", false, 404, "ContentLength", 0, false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\n", false, 200, "ContentLength", 5, false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\n", false, 200, "ContentLength", 5, true)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, 200, "Chunked", 0, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", false, 200, "UntilClose", 0, false)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", false, 204, "None", 0, true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", true, 200, "None", 99, true)]
    public void Response_heads_give_status_framing_and_keep_alive(string raw, bool head, int status, string framing, long length, bool keepAlive)
    {
        Assert.True(ResponseHead.TryParse(Encoding.ASCII.GetBytes(raw), head, out var parsed));

        Assert.Equal(status, parsed.Status);
        Assert.Equal(framing, parsed.Framing.ToString());
        Assert.Equal(length, parsed.ContentLength);
        Assert.Equal(keepAlive, parsed.KeepAlive);
        Assert.Equal(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4, parsed.HeaderLength);
    }

    [Fact]
    public void An_incomplete_head_asks_for_more_bytes()
    {
        Assert.False(ResponseHead.TryParse("HTTP/1.1 200 OK\r\nContent-Len"u8, false, out _));
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1a\r\n\r\n")]
    public void Malformed_heads_are_rejected(string raw)
    {
        Assert.Throws<InvalidDataException>(() => ResponseHead.TryParse(Encoding.ASCII.GetBytes(raw), false, out _));
    }

    [Fact]
    public void A_chunked_body_is_walked_to_its_end_in_any_split()
    {
        var body = "4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\nNEXT"u8.ToArray();
        var end = body.Length - 4;
        for (var split = 1; split < end; split++)
        {
            var reader = new ChunkedBodyReader();
            var used = reader.Consume(body.AsSpan(0, split));
            Assert.False(reader.IsDone);
            used += reader.Consume(body.AsSpan(split));
            Assert.True(reader.IsDone, $"split at {split}");
            Assert.Equal(end, used);
        }
    }

    [Fact]
    public void A_malformed_chunk_size_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => new ChunkedBodyReader().Consume("zz\r\n"u8));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, ErrorKind.Refused)]
    [InlineData(SocketError.ConnectionReset, ErrorKind.Reset)]
    [InlineData(SocketError.HostNotFound, ErrorKind.Dns)]
    [InlineData(SocketError.TryAgain, ErrorKind.Dns)]
    [InlineData(SocketError.TimedOut, ErrorKind.Timeout)]
    public void Socket_errors_map_to_error_kinds(SocketError error, ErrorKind kind)
    {
        Assert.Equal(kind, ErrorClassifier.Classify(new SocketException((int)error)));
        Assert.Equal(kind, ErrorClassifier.Classify(new HttpRequestException("x", new SocketException((int)error))));
    }

    [Fact]
    public void A_name_resolution_failure_from_HttpClient_is_DNS()
    {
        Assert.Equal(ErrorKind.Dns, ErrorClassifier.Classify(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host")));
    }

    [Theory]
    [InlineData(200, "", ErrorKind.None)]
    [InlineData(302, "", ErrorKind.None)]
    [InlineData(404, "", ErrorKind.Http4xx)]
    [InlineData(503, "", ErrorKind.Http5xx)]
    [InlineData(200, "201", ErrorKind.WrongStatus)]
    [InlineData(404, "404", ErrorKind.None)]
    [InlineData(500, "200,201", ErrorKind.Http5xx)]
    public void Statuses_are_judged_against_the_expected_ones(int status, string expected, ErrorKind kind)
    {
        var set = expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();

        Assert.Equal(kind, ErrorClassifier.ClassifyStatus(status, set));
    }

    [Theory]
    [InlineData(new[] { 1 }, new[] { 0 })]
    [InlineData(new[] { 3, 1 }, new[] { 0, 0, 1, 0 })]
    [InlineData(new[] { 1, 1, 2 }, new[] { 2, 0, 1, 2 })]
    public void The_weighted_mix_is_exact_per_cycle(int[] weights, int[] expected)
    {
        Assert.Equal(expected, HttpScenario.WeightedOrder(weights));
    }

    [Fact]
    public void A_request_is_encoded_once_with_host_length_and_headers()
    {
        var spec = new RequestSpec
        {
            Method = "POST",
            Url = new Uri("http://example.test:8080/api/orders?x=1"),
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["Host"] = "ignored" },
            Body = "{\"n\":1}",
        };

        var text = Encoding.ASCII.GetString(spec.Encode());

        Assert.Equal("POST /api/orders?x=1 HTTP/1.1\r\nHost: example.test:8080\r\nContent-Type: application/json\r\n" +
            "User-Agent: elasticscaler-loadtest\r\nContent-Length: 7\r\n\r\n{\"n\":1}", text);
    }
}
