using ElasticScaler.Core.Placement;

namespace ElasticScaler.Core.Tests.Placement;

/// <summary>The shrink rule on its own: one pool of <c>count</c> replicas (<c>poolReady</c> Ready) toward <c>target</c>.</summary>
public sealed class MakeBeforeBreakTests
{
    [Theory]
    // rule,                                                     ready desired starting current after count target poolReady cap  keeps deferred
    [InlineData("scale-in with nothing starting goes all the way",   10, 6,  false, 10, 10, 10, 6, 10, 0,  6, 0)]
    [InlineData("while pods start, Ready ones stay for desired",     10, 10, true,  10, 13, 10, 7, 10, 0, 10, 3)]
    [InlineData("not-ready pods may always go",                       7, 7,  true,  10, 10, 10, 7,  7, 0,  7, 0)]
    [InlineData("the total keeps min(current, desired)",             10, 10, false, 10, 10, 10, 5, 10, 0, 10, 5)]
    [InlineData("replicas not needed go below the current total",    10, 4,  false, 10, 10, 10, 4, 10, 0,  4, 0)]
    [InlineData("a cap forces its removals past the total floor",     3, 7,  false,  7,  7,  3, 0,  3, 3,  0, 0)]
    [InlineData("a cap's removals still wait for starting pods",      7, 7,  true,   7, 10,  3, 0,  3, 3,  3, 3)]
    [InlineData("Ready pods the controller removes anyway cost nothing", 7, 5, true, 5, 8,  3, 1,  5, 0,  1, 0)]
    [InlineData("but the budget still holds for the rest",           6, 5,  true,   5, 8,  3, 1,  5, 0,  2, 1)]
    public void A_pool_shrinks_as_far_as_make_before_break_allows(string rule, int ready, int desired, bool starting, int current, int after,
        int count, int target, int poolReady, int cap, int keeps, int deferred)
    {
        var mbb = new MakeBeforeBreak(ready, desired, starting, current, after);
        Assert.True(mbb.Shrink(count, target, poolReady, cap) == keeps, rule);
        Assert.True(mbb.Deferred == deferred, rule);
    }

    [Fact]
    public void The_budgets_are_shared_by_the_pools_in_the_order_asked()
    {
        // 12 Ready, 10 desired, pods starting: 2 Ready replicas may go in all, whichever pool asks first.
        var mbb = new MakeBeforeBreak(12, 10, starting: true, currentTotal: 12, totalAfterCreations: 14);
        Assert.Equal(4, mbb.Shrink(6, 2, 6, 0));
        Assert.Equal(6, mbb.Shrink(6, 2, 6, 0));
        Assert.Equal(6, mbb.Deferred);
    }

    [Theory]
    [InlineData(5, 5, 3, 2)]
    [InlineData(5, 8, 6, 0)]
    [InlineData(5, 3, 1, 2)]
    [InlineData(0, 4, 0, 0)]
    public void Ready_lost_counts_only_what_the_shrink_adds(int ready, int from, int to, int lost) =>
        Assert.Equal(lost, MakeBeforeBreak.ReadyLost(ready, from, to));
}
