using ElasticScaler.Service.Queue;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Service.Tests;

public sealed class WorkQueueTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_key_added_twice_while_queued_is_taken_once()
    {
        using var q = new WorkQueue(_time);
        q.Add("ns/a");
        q.Add("ns/a");
        q.Add("ns/b");
        Assert.Equal(2, q.Depth);
        Assert.Equal("ns/a", await q.TakeAsync(default).AsTask().WaitAsync(Soon));
        Assert.Equal("ns/b", await q.TakeAsync(default).AsTask().WaitAsync(Soon));
        Assert.Equal(0, q.Depth);
    }

    [Fact]
    public async Task A_key_added_while_a_worker_holds_it_is_queued_again_only_after_done()
    {
        using var q = new WorkQueue(_time);
        q.Add("ns/a");
        var held = await q.TakeAsync(default).AsTask().WaitAsync(Soon);
        q.Add("ns/a");
        Assert.Equal(0, q.Depth); // never on two workers at once
        q.Done(held!);
        Assert.Equal(1, q.Depth);
        Assert.Equal("ns/a", await q.TakeAsync(default).AsTask().WaitAsync(Soon));
    }

    [Fact]
    public async Task A_take_reports_the_wait_since_the_key_was_ready_or_due()
    {
        var waits = new List<TimeSpan>();
        using var q = new WorkQueue(_time) { Waited = waits.Add };
        q.Add("ns/a");
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("ns/a", await q.TakeAsync(default).AsTask().WaitAsync(Soon));
        q.Done("ns/a");

        q.AddAfter("ns/a", TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(15.5)); // due at 15 s, taken half a second late
        Assert.Equal("ns/a", await q.TakeAsync(default).AsTask().WaitAsync(Soon));

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5)], waits);
    }

    [Fact]
    public async Task Done_twice_does_not_queue_the_key_twice()
    {
        using var q = new WorkQueue(_time);
        q.Add("ns/a");
        var key = await q.TakeAsync(default).AsTask().WaitAsync(Soon);
        q.Add("ns/a");
        q.Done(key!);
        q.Done(key!);
        Assert.Equal(1, q.Depth);
    }

    [Fact]
    public void AddAfter_queues_at_the_time_and_the_earliest_of_two_times_wins()
    {
        using var q = new WorkQueue(_time);
        q.AddAfter("ns/a", TimeSpan.FromSeconds(15));
        q.AddAfter("ns/a", TimeSpan.FromSeconds(4)); // a schedule window opens before the next resync
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, q.Depth);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, q.Depth);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, q.Depth); // the later time was superseded, not kept as a second add
    }

    [Fact]
    public void A_later_AddAfter_does_not_postpone_an_earlier_one()
    {
        using var q = new WorkQueue(_time);
        q.AddAfter("ns/a", TimeSpan.FromSeconds(4));
        q.AddAfter("ns/a", TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, q.Depth);
    }

    [Fact]
    public void Retries_back_off_exponentially_per_key_until_forgotten()
    {
        using var q = new WorkQueue(_time, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(1), q.AddRateLimited("ns/a"));
        Assert.Equal(TimeSpan.FromSeconds(2), q.AddRateLimited("ns/a"));
        Assert.Equal(TimeSpan.FromSeconds(4), q.AddRateLimited("ns/a"));
        Assert.Equal(TimeSpan.FromSeconds(8), q.AddRateLimited("ns/a"));
        Assert.Equal(TimeSpan.FromSeconds(10), q.AddRateLimited("ns/a"));
        Assert.Equal(TimeSpan.FromSeconds(1), q.AddRateLimited("ns/b")); // per key
        q.Forget("ns/a");
        Assert.Equal(TimeSpan.FromSeconds(1), q.AddRateLimited("ns/a"));
    }

    [Fact]
    public async Task Shut_down_wakes_waiting_workers_with_no_key()
    {
        using var q = new WorkQueue(_time);
        var waiting = q.TakeAsync(default).AsTask();
        q.ShutDown();
        Assert.Null(await waiting.WaitAsync(Soon));
    }

    [Fact]
    public async Task Many_workers_never_hold_the_same_key_at_once()
    {
        using var q = new WorkQueue(_time);
        var holding = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        int overlaps = 0, processed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        async Task Worker()
        {
            while (Volatile.Read(ref processed) < 2000)
            {
                string? key;
                try { key = await q.TakeAsync(stop.Token); }
                catch (OperationCanceledException) { return; }
                if (key is null) return;
                if (holding.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
                await Task.Yield();
                holding.AddOrUpdate(key, 0, (_, n) => n - 1);
                Interlocked.Increment(ref processed);
                q.Done(key);
                if (Volatile.Read(ref processed) < 2000) q.Add($"ns/{Random.Shared.Next(5)}");
            }
        }
        for (int i = 0; i < 5; i++) q.Add($"ns/{i}");
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(Worker)).ToArray();
        while (Volatile.Read(ref processed) < 2000 && !stop.IsCancellationRequested) await Task.Delay(10);
        q.ShutDown();
        await Task.WhenAll(workers).WaitAsync(Soon);
        Assert.True(processed >= 2000, $"processed {processed}");
        Assert.Equal(0, overlaps);
    }
}
