namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Waits on the wall clock for what another thread or process brings about, bounded so a stuck run fails instead of hanging.</summary>
public static class Eventually
{
    public static Task Until(Func<bool> condition, string what, TimeSpan? within = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, within);

    /// <summary>As <see cref="Until"/>; an HTTP error counts as "not yet" (a server still starting).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (TimeProvider.System.GetUtcNow() > deadline) throw new TimeoutException($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}
