using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Tests.Model;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("500m", 500)]
    [InlineData("1", 1000)]
    [InlineData("1.5", 1500)]
    [InlineData("2k", 2_000_000)]
    [InlineData("1Ki", 1_024_000)]
    [InlineData("1Mi", 1_048_576_000)]
    [InlineData("1e3", 1_000_000)]
    [InlineData("100u", 1)] // MilliValue rounds up, as Kubernetes does
    [InlineData("0", 0)]
    public void Parses_the_kubernetes_quantity_grammar(string text, long expectedMilli)
    {
        Assert.True(Quantity.TryParse(text, out var q));
        Assert.Equal(expectedMilli, q.MilliValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.5X")]
    [InlineData("m")]
    public void Rejects_text_that_is_not_a_quantity(string text) => Assert.False(Quantity.TryParse(text, out _));

    [Fact]
    public void Parse_error_names_the_value_and_gives_examples()
    {
        var ex = Assert.Throws<FormatException>(() => Quantity.Parse("lots"));
        Assert.Contains("\"lots\"", ex.Message);
        Assert.Contains("500m", ex.Message);
    }

    [Theory]
    [InlineData("500m", "500m")]
    [InlineData("2", "2")]
    [InlineData("1Ki", "1024")]
    public void Round_trips_to_a_readable_form(string text, string expected) => Assert.Equal(expected, Quantity.Parse(text).ToString());
}
