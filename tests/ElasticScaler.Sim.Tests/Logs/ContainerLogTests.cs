using System.Text.Json.Nodes;
using ElasticScaler.Sim.Logs;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Tests.Logs;

/// <summary>A container's log is a bounded ring; the pod log store keeps logs only while their pod exists.</summary>
public sealed class ContainerLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_ring_keeps_at_most_its_capacity_the_newest_lines_in_order()
    {
        var log = new ContainerLog(capacity: 5);
        for (var i = 1; i <= 1_000; i++)
            log.Append(T0.AddSeconds(i), $"line {i}");
        var (lines, closed, _) = log.Read(0);
        Assert.Equal(5, log.Count);
        Assert.Equal(1_000, log.Written);
        Assert.Equal(["line 996", "line 997", "line 998", "line 999", "line 1000"], lines.Select(l => l.Text));
        Assert.Equal([996L, 997, 998, 999, 1000], lines.Select(l => l.Sequence));
        Assert.False(closed);
    }

    [Fact]
    public void Read_after_a_sequence_returns_only_newer_lines_and_a_signal_for_the_next()
    {
        var log = new ContainerLog(10);
        log.Append(T0, "a");
        log.Append(T0, "b");
        var (lines, _, changed) = log.Read(1);
        Assert.Equal(["b"], lines.Select(l => l.Text));
        Assert.False(changed.IsCompleted);
        log.Append(T0, "c");
        Assert.True(changed.IsCompleted);
        Assert.Equal(["c"], log.Read(2).Lines.Select(l => l.Text));
    }

    [Fact]
    public void Closing_wakes_a_follower_and_later_lines_are_not_kept()
    {
        var log = new ContainerLog(10);
        var (_, _, changed) = log.Read(0);
        log.Close();
        Assert.True(changed.IsCompleted);
        log.Append(T0, "after");
        Assert.True(log.Read(0).Closed);
        Assert.Empty(log.Read(0).Lines);
    }

    private static void CreatePod(ObjectStore store, string ns, string name) =>
        store.Put("pods", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns } }, null, _ => new Dictionary<string, string>());

    [Fact]
    public void The_store_keeps_lines_only_for_pods_that_exist_and_forgets_a_pod_when_it_is_removed()
    {
        var store = new ObjectStore(100);
        var logs = new PodLogStore(store, capacity: 3);
        logs.Write("demo", "ghost", "app", T0, "nobody is here");
        Assert.Null(logs.Find("demo", "ghost", "app"));
        CreatePod(store, "demo", "web-1");
        for (var i = 0; i < 10; i++)
            logs.Write("demo", "web-1", "app", T0, $"request {i}");
        var log = logs.Find("demo", "web-1", "app")!;
        Assert.Equal(3, log.Count);
        Assert.Equal(1, logs.PodCount);
        store.Remove("pods", "demo", "web-1");
        Assert.True(log.Closed);
        Assert.Null(logs.Find("demo", "web-1", "app"));
        Assert.Equal(0, logs.PodCount);
        logs.Write("demo", "web-1", "app", T0, "a request that finished after the pod went");
        Assert.Equal(0, logs.PodCount);
    }
}
