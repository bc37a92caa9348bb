using CsCheck;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>Invariants of one pod's queue over random arrival sequences.</summary>
public sealed class PodLoadPropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 10, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Cores, queue limit, timeout (ms) and sorted arrival offsets (ms) within 10 s.</summary>
    private static readonly Gen<(double Cores, int QueueLimit, int TimeoutMs, int[] ArrivalsMs)> Arrivals =
        from cores in Gen.Int[1, 40].Select(c => c / 10.0)
        from limit in Gen.Int[0, 50]
        from timeout in Gen.Int[50, 5000]
        from arrivals in Gen.Int[0, 10_000].Array[1, 800]
        select (cores, limit, timeout, arrivals.Order().ToArray());

    [Fact]
    public void A_pod_never_uses_more_than_its_capacity_and_served_requests_never_beat_the_service_time_or_the_timeout()
    {
        Arrivals.Sample(t =>
        {
            var options = new LoadModelOptions { QueueLimit = t.QueueLimit, Timeout = TimeSpan.FromMilliseconds(t.TimeoutMs), IdleCpuMillis = 0 };
            var pod = new PodLoad("ns", "p", null, t.Cores, options, T0);
            var admissions = t.ArrivalsMs.Select(ms => pod.Admit(T0 + TimeSpan.FromMilliseconds(ms))).ToList();
            var end = T0 + TimeSpan.FromSeconds(20);
            var (cpu, _, window, _, _) = pod.Sample(end);
            double maxMillis = t.Cores * 1000;
            double servedCpuSeconds = admissions.Count(a => a.Ok) * options.CpuPerRequest.TotalSeconds;
            return cpu <= maxMillis + 1
                && Math.Abs(cpu / 1000.0 * window.TotalSeconds - servedCpuSeconds) < 0.01 + servedCpuSeconds * 1e-6
                && admissions.Where(a => a.Ok).All(a => a.Latency >= pod.ServiceTime - TimeSpan.FromTicks(1) && a.Latency <= options.Timeout)
                && admissions.Where(a => a.Outcome == Outcome.TimedOut).All(a => a.Latency == options.Timeout);
        });
    }

    [Fact]
    public void A_pod_answers_its_requests_in_arrival_order()
    {
        Arrivals.Sample(t =>
        {
            var pod = new PodLoad("ns", "p", null, t.Cores, new LoadModelOptions { QueueLimit = 10_000, Timeout = TimeSpan.FromHours(1) }, T0);
            var ends = t.ArrivalsMs.Select(ms => pod.Admit(T0 + TimeSpan.FromMilliseconds(ms)).EndsAt).ToList();
            return ends.Zip(ends.Skip(1)).All(p => p.First <= p.Second);
        });
    }
}
