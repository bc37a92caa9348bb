using System.Net;
using ElasticScaler.Core.Model;
using ElasticScaler.Service.MetricSources;

namespace ElasticScaler.Service.Tests.MetricSources;

/// <summary>Prometheus's instant-query answers, in the shapes its HTTP API documents, read into a metric's value or the reason there is none.</summary>
public sealed class PrometheusResponseTests
{
    // 2015-07-01T20:10:51.781Z, the documentation's example time.
    private const string Stamp = "1435781451.781";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1435781451781).AddSeconds(3);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    private static PrometheusResult Ok(string body) => PrometheusResponse.Parse(HttpStatusCode.OK, body, Now, StaleAfter);

    private static string Vector(params string[] series) =>
        $$$"""{"status":"success","data":{"resultType":"vector","result":[{{{string.Join(",", series)}}}]}}""";

    private static string Series(string pod, string value, string stamp = Stamp) =>
        $$$"""{"metric":{"__name__":"demo_requests_total","pod":"{{{pod}}}"},"value":[{{{stamp}}},"{{{value}}}"]}""";

    [Fact]
    public void A_vector_of_one_series_is_its_value_at_its_timestamp()
    {
        var r = Ok(Vector(Series("wp-1", "12.5")));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal([Quantity.Parse("12.5")], r.Values);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1435781451781), r.Timestamp);
    }

    [Fact]
    public void A_vector_of_several_series_hands_every_value_to_the_engine_which_sums_them_as_HPA_sums_External_series()
    {
        var r = Ok(Vector(Series("wp-1", "10"), Series("wp-2", "2.25"), Series("wp-3", "0")));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(3, r.Values!.Count);
        Assert.Equal(12.25m, r.Values.Sum(q => q.Value));
    }

    [Fact]
    public void A_scalar_is_its_value()
    {
        var r = Ok($$$"""{"status":"success","data":{"resultType":"scalar","result":[{{{Stamp}}},"42"]}}""");
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal([Quantity.Parse("42")], r.Values);
    }

    [Fact]
    public void A_range_vector_is_refused_with_the_fix()
    {
        var r = Ok($$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"pod":"wp-1"},"values":[[{{{Stamp}}},"1"],[1435781466.781,"2"]]}]}}""");
        Assert.Equal(FailureReason.Invalid, r.Reason);
        Assert.Equal("the query returns a range vector; use an instant query, e.g. wrap it in sum(rate(...))", r.Error);
        Assert.Null(r.Values);
    }

    [Fact]
    public void A_string_result_is_refused()
    {
        var r = Ok($$$"""{"status":"success","data":{"resultType":"string","result":[{{{Stamp}}},"hello"]}}""");
        Assert.Equal(FailureReason.Invalid, r.Reason);
        Assert.StartsWith("the query returns a string; it must return a number", r.Error);
    }

    [Fact]
    public void An_empty_vector_is_a_missing_metric_that_says_why()
    {
        var r = Ok(Vector());
        Assert.Equal(FailureReason.Empty, r.Reason);
        Assert.StartsWith("the query returned an empty vector: no series match now", r.Error);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    public void NaN_and_infinities_are_missing_and_name_the_series(string value)
    {
        var r = Ok(Vector(Series("wp-1", "3"), Series("wp-2", value)));
        Assert.Equal(FailureReason.NaN, r.Reason);
        Assert.StartsWith($"the query returned {value} for series {{__name__=\"demo_requests_total\", pod=\"wp-2\"}}", r.Error);
    }

    [Fact]
    public void A_sample_older_than_staleAfter_is_stale_and_says_by_how_much()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.OK, Vector(Series("wp-1", "3")), Now.AddMinutes(3), StaleAfter);
        Assert.Equal(FailureReason.Stale, r.Reason);
        Assert.Equal("the sample is stamped 3m3s before this service's clock (staleAfter 2m): a cached or delayed answer, or clocks apart", r.Error);
    }

    [Fact]
    public void A_sample_stamped_ahead_of_the_clock_by_more_than_staleAfter_is_stale_too()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.OK, Vector(Series("wp-1", "3", "1435782051.781")), Now, StaleAfter);
        Assert.Equal(FailureReason.Stale, r.Reason);
        Assert.Contains("ahead of this service's clock", r.Error);
    }

    [Fact]
    public void A_sample_within_staleAfter_is_fresh()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.OK, Vector(Series("wp-1", "3")), Now.AddSeconds(110), StaleAfter);
        Assert.True(r.Succeeded, r.Error);
    }

    [Fact]
    public void Warnings_and_infos_are_carried_into_the_failure_text_and_kept_on_success()
    {
        var empty = Ok("""{"status":"success","data":{"resultType":"vector","result":[]},"warnings":["partial response: store eu-1 unreachable"],"infos":["metric might not be a counter"]}""");
        Assert.Equal(FailureReason.Empty, empty.Reason);
        Assert.EndsWith("; Prometheus warned: partial response: store eu-1 unreachable; Prometheus noted: metric might not be a counter", empty.Error);

        var ok = Ok($$$"""{"status":"success","data":{"resultType":"vector","result":[{{{Series("wp-1", "1")}}}]},"warnings":["partial response"]}""");
        Assert.True(ok.Succeeded);
        Assert.Equal(["partial response"], ok.Warnings);
    }

    [Fact]
    public void A_malformed_query_is_Prometheus_bad_data_with_its_message()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.BadRequest,
            """{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error: unexpected <op:*>"}""", Now, StaleAfter);
        Assert.Equal(FailureReason.Query, r.Reason);
        Assert.Equal("Prometheus refused the query (400 Bad Request bad_data): invalid parameter \"query\": 1:5: parse error: unexpected <op:*>", r.Error);
    }

    [Fact]
    public void A_query_that_fails_to_execute_is_422_execution()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.UnprocessableEntity,
            """{"status":"error","errorType":"execution","error":"found duplicate series for the match group"}""", Now, StaleAfter);
        Assert.Equal(FailureReason.Query, r.Reason);
        Assert.Equal("Prometheus could not execute the query (422 Unprocessable Entity execution): found duplicate series for the match group", r.Error);
    }

    [Fact]
    public void A_query_Prometheus_timed_out_is_a_timeout()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.ServiceUnavailable,
            """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", Now, StaleAfter);
        Assert.Equal(FailureReason.Timeout, r.Reason);
        Assert.Equal("Prometheus timed out the query (503 Service Unavailable timeout): query timed out in expression evaluation", r.Error);
    }

    [Fact]
    public void An_unavailable_Prometheus_is_an_http_failure()
    {
        var r = PrometheusResponse.Parse(HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"unavailable","error":"TSDB not ready"}""", Now, StaleAfter);
        Assert.Equal(FailureReason.Http, r.Reason);
        Assert.Equal("Prometheus is unavailable (503 Service Unavailable unavailable): TSDB not ready", r.Error);
    }

    [Fact]
    public void A_body_that_is_not_JSON_is_quoted()
    {
        var ok = Ok("<html><body>Sign in</body></html>");
        Assert.Equal(FailureReason.Invalid, ok.Reason);
        Assert.Equal("Prometheus answered 200 OK with a body that is not JSON (is serverAddress a Prometheus API?): <html><body>Sign in</body></html>", ok.Error);

        var gateway = PrometheusResponse.Parse(HttpStatusCode.BadGateway, "upstream connect error", Now, StaleAfter);
        Assert.Equal(FailureReason.Http, gateway.Reason);
        Assert.Equal("Prometheus answered 502 Bad Gateway: upstream connect error", gateway.Error);
    }

    [Fact]
    public void Refused_credentials_and_a_wrong_address_say_what_to_check()
    {
        var unauthorized = PrometheusResponse.Parse(HttpStatusCode.Unauthorized, "Unauthorized", Now, StaleAfter);
        Assert.Equal(FailureReason.Http, unauthorized.Reason);
        var notFound = PrometheusResponse.Parse(HttpStatusCode.NotFound, "404 page not found", Now, StaleAfter);
        Assert.Equal(FailureReason.NotFound, notFound.Reason);
        Assert.StartsWith("no query API at this address (404 Not Found): check serverAddress", notFound.Error);
        var forbidden = PrometheusResponse.Parse(HttpStatusCode.Forbidden, """{"status":"error","errorType":"forbidden","error":"tenant not allowed"}""", Now, StaleAfter);
        Assert.Equal(FailureReason.Forbidden, forbidden.Reason);
    }

    [Fact]
    public void Native_histograms_are_refused_with_the_functions_that_reduce_them()
    {
        var r = Ok($$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[{{{Stamp}}},{"count":"3","sum":"1.5","buckets":[]}]}]}}""");
        Assert.Equal(FailureReason.Invalid, r.Reason);
        Assert.Contains("histogram_quantile", r.Error);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["soon","1"]}]}}""", "the answer's data.result[0].value is not [timestamp, \"number\"]")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1435781451.781,"many"]}]}}""", "the answer's data.result[0].value holds \"many\", not a number")]
    [InlineData("""{"status":"success"}""", "the answer has no data object")]
    [InlineData("""{"status":"pending","data":{}}""", "the answer's status is \"pending\"")]
    [InlineData("""{"status":"success","data":{"resultType":"table","result":[]}}""", "the answer's data.resultType is \"table\"")]
    public void An_answer_of_an_unexpected_shape_is_invalid_and_says_where(string body, string expected)
    {
        var r = Ok(body);
        Assert.Equal(FailureReason.Invalid, r.Reason);
        Assert.StartsWith(expected, r.Error);
    }

    [Fact]
    public void A_status_error_with_a_success_code_is_still_an_error()
    {
        var r = Ok("""{"status":"error","errorType":"execution","error":"expanding series: context deadline exceeded"}""");
        Assert.Equal(FailureReason.Query, r.Reason);
        Assert.Contains("expanding series: context deadline exceeded", r.Error);
    }
}
