using CsCheck;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Replicas;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>The engine's milli conversion must agree with Kubernetes' MilliValue (rounded up), and saturate where it would throw.</summary>
public sealed class MilliTests
{
    [Theory]
    [InlineData("500m", 500)]
    [InlineData("1.5", 1500)]
    [InlineData("2Gi", 2_147_483_648_000)]
    [InlineData("100u", 1)]
    [InlineData("0.0005", 1)]
    [InlineData("-250m", -250)]
    [InlineData("1e3", 1_000_000)]
    [InlineData("123456789.123", 123_456_789_123)]
    [InlineData("9223372036854775.807", long.MaxValue)]
    [InlineData("1e17", long.MaxValue)]
    public void Converts_like_MilliValue_and_saturates_past_int64(string text, long expected) =>
        Assert.Equal(expected, Milli.Of(Quantity.Parse(text)));

    [Fact]
    public void Agrees_with_MilliValue_for_any_milli_quantity()
    {
        Gen.Long[-1_000_000_000_000_000, 1_000_000_000_000_000].Sample(m => Milli.Of(Quantity.FromMilli(m)) == Quantity.FromMilli(m).MilliValue);
    }

    [Fact]
    public void Agrees_with_MilliValue_for_fractions_finer_than_milli()
    {
        Gen.Select(Gen.Long[-1_000_000_000, 1_000_000_000], Gen.Int[0, 9]).Sample((mantissa, scale) =>
        {
            var q = new Quantity(new decimal((int)Math.Abs(mantissa), 0, 0, mantissa < 0, (byte)scale));
            return Milli.Of(q) == q.MilliValue;
        });
    }

    [Theory]
    [InlineData(2.0000001, 3)]
    [InlineData(2.0, 2)]
    [InlineData(double.NaN, 0)]
    [InlineData(1e12, int.MaxValue)]
    [InlineData(-3.5, -3)]
    public void Replica_counts_round_up_and_saturate(double x, int expected) => Assert.Equal(expected, Milli.CeilToReplicas(x));
}
