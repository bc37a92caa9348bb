namespace ElasticScaler.Sim.Workload.Tests;

public class PodLoadTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);

    private static PodLoad Pod(string name, double cores, LoadModelOptions? o = null) =>
        new("ns", name, "node-1", cores, o ?? new LoadModelOptions(), T0);

    [Theory]
    [InlineData(1.0, 20)]
    [InlineData(0.5, 40)]
    [InlineData(0.3, 67)]
    public void A_request_takes_its_cpu_cost_divided_by_the_pods_cores(double cores, int expectedMs)
    {
        var a = Pod("p", cores).Admit(T0);
        Assert.Equal(Outcome.Served, a.Outcome);
        Assert.Equal(expectedMs, (int)Math.Round(a.Latency.TotalMilliseconds));
    }

    [Fact]
    public void A_pod_at_twice_its_capacity_uses_all_of_its_request_and_its_requests_queue()
    {
        // 0.5 core at 20 ms a request serves 25 rps; 50 rps arrive for 15 s.
        var pod = Pod("p", 0.5, new LoadModelOptions { IdleCpuMillis = 0 });
        var latencies = new List<TimeSpan>();
        for (int i = 0; i < 750; i++)
        {
            var a = pod.Admit(T0 + TimeSpan.FromSeconds(i / 50.0));
            if (a.Ok) latencies.Add(a.Latency);
        }
        var (cpu, _, window, _, _) = pod.Sample(T0 + TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(15), window);
        Assert.InRange(cpu, 490, 500);
        Assert.True(latencies[^1] > TimeSpan.FromSeconds(1), $"the last served request waited {latencies[^1]}, expected a queue");
        Assert.True(pod.Outstanding(T0 + TimeSpan.FromSeconds(15)) > 50);
    }

    [Fact]
    public void A_pod_at_half_its_capacity_uses_half_of_its_request()
    {
        var pod = Pod("p", 0.5, new LoadModelOptions { IdleCpuMillis = 0 });
        for (int i = 0; i < 187; i++) pod.Admit(T0 + TimeSpan.FromSeconds(i / 12.5));
        var (cpu, _, _, _, _) = pod.Sample(T0 + TimeSpan.FromSeconds(15));
        Assert.InRange(cpu, 245, 251);
    }

    [Theory]
    [InlineData(5, 60_000, 5, 0, 15)]    // queue limit 5: the 6th request on finds 5 waiting: 503
    [InlineData(1000, 100, 5, 15, 0)]    // 100 ms timeout at 20 ms each: 5 fit, the rest would wait too long
    public void Requests_beyond_the_queue_limit_get_503_and_beyond_the_timeout_time_out(int queueLimit, int timeoutMs, int served, int timedOut, int rejected)
    {
        var pod = Pod("p", 1, new LoadModelOptions { QueueLimit = queueLimit, Timeout = TimeSpan.FromMilliseconds(timeoutMs) });
        var outcomes = Enumerable.Range(0, 20).Select(_ => pod.Admit(T0)).ToList();
        Assert.Equal(served, outcomes.Count(a => a.Ok));
        Assert.Equal(timedOut, outcomes.Count(a => a.Outcome == Outcome.TimedOut));
        Assert.Equal(rejected, outcomes.Count(a => a.Outcome == Outcome.Rejected));
        Assert.All(outcomes.Where(a => a.Outcome == Outcome.TimedOut), a => Assert.Equal(504, a.StatusCode));
        Assert.All(outcomes.Where(a => a.Outcome == Outcome.Rejected), a => Assert.Equal(503, a.StatusCode));
    }

    [Fact]
    public void Round_robin_spreads_requests_evenly()
    {
        var service = new ServiceLoad(new LoadModelOptions());
        foreach (var n in new[] { "a", "b", "c", "d" }) service.Set(Pod(n, 1), ready: true);
        var counts = Enumerable.Range(0, 400).Select(i => service.Send(T0 + TimeSpan.FromMilliseconds(i)).Pod!.Name)
            .GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(100, c));
    }

    [Fact]
    public void Least_outstanding_sends_to_the_pod_with_the_shortest_queue()
    {
        var service = new ServiceLoad(new LoadModelOptions { Balancing = Balancing.LeastOutstanding });
        var busy = Pod("busy", 1);
        for (int i = 0; i < 10; i++) busy.Admit(T0);
        service.Set(busy, ready: true);
        service.Set(Pod("idle", 1), ready: true);
        var picks = Enumerable.Range(0, 5).Select(_ => service.Send(T0).Pod!.Name).ToList();
        Assert.All(picks, p => Assert.Equal("idle", p));
    }

    [Fact]
    public void A_pod_out_of_rotation_gets_no_new_requests_but_answers_what_it_holds()
    {
        var service = new ServiceLoad(new LoadModelOptions());
        var leaving = Pod("leaving", 1);
        service.Set(leaving, ready: true);
        service.Set(Pod("staying", 1), ready: true);
        var held = Enumerable.Range(0, 4).Select(_ => service.Send(T0)).Where(r => r.Pod == leaving).ToList();
        service.Set(leaving, ready: false);
        Assert.All(Enumerable.Range(0, 10).Select(_ => service.Send(T0).Pod!.Name), n => Assert.Equal("staying", n));
        Assert.Equal(held.Count, leaving.Outstanding(T0));
        Assert.All(held, r => Assert.Equal(Outcome.Served, r.Admission.Outcome));
    }

    [Fact]
    public void A_request_to_a_pod_that_is_gone_is_retried_on_another()
    {
        var service = new ServiceLoad(new LoadModelOptions { Retries = 1 });
        var dead = Pod("dead", 1);
        service.Set(dead, ready: true);
        service.Set(Pod("alive", 1), ready: true);
        dead.Kill(T0);   // killed before the endpoints noticed
        var results = Enumerable.Range(0, 6).Select(_ => service.Send(T0 + TimeSpan.FromSeconds(1))).ToList();
        Assert.All(results, r => Assert.Equal(("alive", Outcome.Served), (r.Pod!.Name, r.Admission.Outcome)));
    }

    [Fact]
    public void Without_retries_a_request_to_a_pod_that_is_gone_fails_with_502()
    {
        var service = new ServiceLoad(new LoadModelOptions { Retries = 0 });
        var dead = Pod("dead", 1);
        service.Set(dead, ready: true);
        dead.Kill(T0);
        var (_, a) = service.Send(T0 + TimeSpan.FromSeconds(1));
        Assert.Equal((Outcome.Failed, 502), (a.Outcome, a.StatusCode));
    }

    [Fact]
    public void With_no_ready_endpoint_the_answer_is_503()
    {
        var (pod, a) = new ServiceLoad(new LoadModelOptions()).Send(T0);
        Assert.Null(pod);
        Assert.Equal(503, a.StatusCode);
    }
}
