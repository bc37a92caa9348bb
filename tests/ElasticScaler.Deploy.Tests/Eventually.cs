namespace ElasticScaler.Deploy.Tests;

/// <summary>Waits on the wall clock (the service and the cluster run on it here) for a condition, failing with what was last seen.</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> seen, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
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
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"not within {within}: {seen()}");
            await Task.Delay(250);
        }
    }
}
