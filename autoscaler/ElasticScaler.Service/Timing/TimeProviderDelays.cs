namespace ElasticScaler.Service.Timing;

/// <summary>Waits on the service's <see cref="TimeProvider"/>, so a FakeTimeProvider in tests moves every backoff and resync.</summary>
public static class TimeProviderDelays
{
    public static Task DelayAsync(this TimeProvider time, TimeSpan delay, CancellationToken ct)
    {
        if (delay <= TimeSpan.Zero) return ct.IsCancellationRequested ? Task.FromCanceled(ct) : Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timer = time.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, delay, Timeout.InfiniteTimeSpan);
        var registration = ct.Register(() => done.TrySetCanceled(ct));
        _ = done.Task.ContinueWith(_ =>
        {
            timer.Dispose();
            registration.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>Exponential backoff: <paramref name="initial"/> doubled per failure after the first, capped.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan initial, TimeSpan max)
    {
        if (failures <= 1) return initial;
        var ticks = initial.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
