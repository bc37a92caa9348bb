using ElasticScaler.Core.Model;

namespace ElasticScaler.Core.Tests.Model;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("6s", 6_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h30m", 9_000_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("100ms", 100)]
    [InlineData("1d12h", 129_600_000)]
    [InlineData("15.035s", 15_035)]
    [InlineData("PT2H30M", 9_000_000)]
    [InlineData("0", 0)]
    public void Reads_go_style_and_iso_8601(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("15")]      // no unit: Go refuses it too
    [InlineData("5 min")]
    [InlineData("3w")]
    [InlineData("s")]
    [InlineData("PT")]
    [InlineData("-5s")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
