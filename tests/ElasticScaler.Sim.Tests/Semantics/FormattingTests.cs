using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Semantics;

namespace ElasticScaler.Sim.Tests.Semantics;

public sealed class FormattingTests
{
    [Theory]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(303, "5m3s")]
    [InlineData(300, "5m")]
    [InlineData(47 * 60, "47m")]
    [InlineData(3 * 3600 + 5 * 60, "3h5m")]
    [InlineData(26 * 3600, "26h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(12 * 86400, "12d")]
    [InlineData(2 * 365 * 86400 + 45 * 86400, "2y45d")]
    public void Ages_read_as_kubectl_prints_them(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("250m", 250)]
    [InlineData("1", 1000)]
    [InlineData("1.5", 1500)]
    [InlineData("4518107n", 5)]
    [InlineData("2k", 2_000_000)]
    public void Cpu_quantities_parse_to_millicores_rounding_up(string text, long millis) =>
        Assert.Equal(millis, Quantity.ParseMillis(text, "cpu"));

    [Theory]
    [InlineData("128Mi", 134217728)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("23404Ki", 23404 * 1024)]
    [InlineData("12e3", 12000)]
    public void Memory_quantities_parse_to_bytes(string text, long bytes) =>
        Assert.Equal(bytes, Quantity.ParseBytes(text, "memory"));

    [Theory]
    [InlineData("1KB")]
    [InlineData("lots")]
    [InlineData("1mi")]
    public void A_malformed_quantity_is_refused_naming_the_field(string text)
    {
        var e = Assert.Throws<ApiException>(() => Quantity.ParseBytes(text, "containers[].memory"));
        Assert.StartsWith("containers[].memory: ", e.Message);
    }

    [Theory]
    [InlineData("1.5", "1500m")]
    [InlineData("0.5", "500m")]
    [InlineData("42", "42")]
    [InlineData("1000m", "1")]
    [InlineData("12000", "12k")]
    [InlineData("1500", "1500")]
    [InlineData("0.1n", "1n")]
    [InlineData("0.0005", "500u")]
    [InlineData("1.333", "1333m")]
    [InlineData("0", "0")]
    [InlineData("-2.5", "-2500m")]
    [InlineData("3e6", "3M")]
    public void Metric_values_print_in_the_canonical_decimal_form_of_resource_quantity(string text, string expected) =>
        Assert.Equal(expected, Quantity.FormatDecimal(Quantity.ParseMetricValue(text, "value")));

    [Fact]
    public void A_metric_value_beyond_int64_is_refused_naming_the_field()
    {
        var e = Assert.Throws<ApiException>(() => Quantity.ParseMetricValue("1e40", "series[0].value"));
        Assert.StartsWith("series[0].value: ", e.Message);
    }
}
