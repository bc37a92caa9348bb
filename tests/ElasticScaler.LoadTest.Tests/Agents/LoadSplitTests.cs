using CsCheck;
using ElasticScaler.LoadTest.Agents;

namespace ElasticScaler.LoadTest.Tests.Agents;

public sealed class LoadSplitTests
{
    [Fact]
    public void Whole_numbers_split_exactly_with_the_remainder_on_the_lowest_indexes()
    {
        Gen.Select(Gen.Long[0, 1_000_000], Gen.Int[1, 64]).Sample((total, of) =>
        {
            var shares = Enumerable.Range(0, of).Select(i => LoadSplit.Share(total, i, of)).ToList();
            var extra = total % of;
            return shares.Sum() == total
                && shares.Select((s, i) => s == total / of + (i < extra ? 1 : 0)).All(x => x)
                && shares.Zip(shares.Skip(1)).All(p => p.First >= p.Second);
        });
    }

    [Fact]
    public void Rates_split_to_the_same_sum_and_no_agent_gets_a_unit_more_than_another_plus_the_fraction()
    {
        Gen.Select(Gen.Double[0, 100_000], Gen.Int[1, 64]).Sample((rate, of) =>
        {
            var shares = Enumerable.Range(0, of).Select(i => LoadSplit.Share(rate, i, of)).ToList();
            return Math.Abs(shares.Sum() - rate) < 1e-6 * Math.Max(1, rate) && shares.Max() - shares.Min() <= 1 + 1e-9;
        });
    }

    [Fact]
    public void Every_stage_of_a_plan_splits_and_the_shares_add_up_to_the_plan()
    {
        var stage = Gen.OneOf(
            Gen.Select(Gen.Int[0, 5000], Gen.Int[1, 600], (c, s) => (LoadSimulation)new KeepConstant(c, TimeSpan.FromSeconds(s))),
            Gen.Select(Gen.Int[0, 5000], Gen.Int[1, 600], (c, s) => (LoadSimulation)new RampingConstant(c, TimeSpan.FromSeconds(s))),
            Gen.Select(Gen.Int[0, 50_000], Gen.Int[1, 600], (r, s) => (LoadSimulation)new Inject(r, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(s))),
            Gen.Int[1, 60].Select(s => (LoadSimulation)new Pause(TimeSpan.FromSeconds(s))));
        Gen.Select(stage.Array[1, 6], Gen.Int[1, 16]).Sample((plan, of) =>
        {
            var shares = Enumerable.Range(0, of).Select(i => LoadSplit.Share(plan, i, of)).ToList();
            return plan.Select((s, k) => s switch
            {
                KeepConstant c => shares.Sum(x => ((KeepConstant)x[k]).Copies) == c.Copies && shares.All(x => x[k].During == s.During),
                RampingConstant r => shares.Sum(x => ((RampingConstant)x[k]).Copies) == r.Copies,
                Inject j => shares.Sum(x => ((Inject)x[k]).Rate) == j.Rate && shares.All(x => ((Inject)x[k]).Interval == j.Interval),
                _ => shares.All(x => x[k] == s),
            }).All(ok => ok);
        });
    }

    [Theory]
    [InlineData(10, 3, new[] { 4, 3, 3 })]
    [InlineData(2, 3, new[] { 1, 1, 0 })]
    [InlineData(9, 3, new[] { 3, 3, 3 })]
    [InlineData(0, 2, new[] { 0, 0 })]
    public void Concurrency_shares(int copies, int of, int[] expected) =>
        Assert.Equal(expected, Enumerable.Range(0, of).Select(i => LoadSplit.Share(copies, i, of)));

    [Fact]
    public void A_fractional_rate_puts_its_fraction_on_the_first_agent_without_an_extra_unit() =>
        Assert.Equal([34, 33.5, 33], Enumerable.Range(0, 3).Select(i => LoadSplit.Share(100.5, i, 3)));

    [Theory]
    [InlineData(3, 3)]
    [InlineData(-1, 3)]
    [InlineData(0, 0)]
    public void A_bad_index_names_the_fix(int index, int of) =>
        Assert.Contains("fix: pass --index I --of N", Assert.Throws<LoadConfigException>(() => LoadSplit.Share(10, index, of)).Message, StringComparison.Ordinal);
}
