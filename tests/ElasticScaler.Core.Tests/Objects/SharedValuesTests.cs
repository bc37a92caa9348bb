using System.Text.Json;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Objects;

namespace ElasticScaler.Core.Tests.Objects;

public sealed class SharedValuesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>A pod of ReplicaSet shop-7d9f; <paramref name="suffix"/> makes its name, uid and timestamps its own.</summary>
    private static string ReplicaSetPod(string suffix, string labelOrder = """{"app": "shop", "pod-template-hash": "7d9f"}""") => $$$$"""
        {"metadata": {"name": "shop-7d9f-{{{{suffix}}}}", "namespace": "shop", "uid": "uid-{{{{suffix}}}}", "labels": {{{{labelOrder}}}},
                      "annotations": {"team": "web"}, "creationTimestamp": "2026-11-10T10:00:0{{{{suffix.Length}}}}Z"},
         "spec": {"nodeName": "ecs-1", "nodeSelector": {"pool": "ecs"},
                  "tolerations": [{"key": "virtual-kubelet.io/provider", "operator": "Exists", "effect": "NoSchedule"}],
                  "containers": [{"name": "app", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}]},
         "status": {"phase": "Running",
                    "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-11-10T10:00:30Z"}]}}
        """;

    [Fact]
    public void Pods_of_one_replica_set_share_their_repeated_parts_and_keep_their_own()
    {
        var shared = new SharedValues();

        var a = KubernetesObjects.Pod(Json(ReplicaSetPod("a")), shared: shared).Value!;
        // The same labels in another order are the same map.
        var b = KubernetesObjects.Pod(Json(ReplicaSetPod("bb", """{"pod-template-hash": "7d9f", "app": "shop"}""")), shared: shared).Value!;

        Assert.Same(a.Labels, b.Labels);
        Assert.Same(a.Annotations, b.Annotations);
        Assert.Same(a.NodeSelector, b.NodeSelector);
        Assert.Same(a.Tolerations, b.Tolerations);
        Assert.Same(a.Containers, b.Containers);
        Assert.Same(a.Ready, b.Ready);
        Assert.Same(a.NodeName, b.NodeName);
        Assert.Equal(("shop-7d9f-a", "uid-a"), (a.Name, a.Uid));
        Assert.Equal(("shop-7d9f-bb", "uid-bb"), (b.Name, b.Uid));
        Assert.NotEqual(a.CreationTimestamp, b.CreationTimestamp);
    }

    [Fact]
    public void A_shared_read_reads_the_same_values_as_a_plain_one()
    {
        var plain = KubernetesObjects.Pod(Json(ReplicaSetPod("a"))).Value!;
        var shared = KubernetesObjects.Pod(Json(ReplicaSetPod("a")), shared: new SharedValues()).Value!;

        Assert.Equal(plain.Labels.OrderBy(p => p.Key), shared.Labels.OrderBy(p => p.Key));
        Assert.Equal(plain.Annotations.OrderBy(p => p.Key), shared.Annotations.OrderBy(p => p.Key));
        Assert.Equal(plain.NodeSelector!.OrderBy(p => p.Key), shared.NodeSelector!.OrderBy(p => p.Key));
        Assert.Equal(plain.Tolerations, shared.Tolerations);
        var (p, s) = (plain.Containers.Single(), shared.Containers.Single());
        Assert.Equal((p.Name, p.RestartPolicyAlways), (s.Name, s.RestartPolicyAlways));
        Assert.Equal(p.Requests.OrderBy(r => r.Key), s.Requests.OrderBy(r => r.Key));
        Assert.Equal(plain with { Labels = shared.Labels, Annotations = shared.Annotations, NodeSelector = shared.NodeSelector,
            Tolerations = shared.Tolerations, Containers = shared.Containers, InitContainers = shared.InitContainers }, shared);
    }

    [Fact]
    public void Different_values_are_not_shared()
    {
        var shared = new SharedValues();

        var web = shared.StringMap(new Dictionary<string, string> { ["app"] = "web" });
        var api = shared.StringMap(new Dictionary<string, string> { ["app"] = "api" });
        var more = shared.StringMap(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" });
        var small = shared.ResourceList(new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("500m") });
        var large = shared.ResourceList(new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1") });

        Assert.Equal("web", web["app"]);
        Assert.Equal("api", api["app"]);
        Assert.Equal(2, more.Count);
        Assert.NotSame(web, api);
        Assert.NotSame(web, more);
        Assert.Equal(Quantity.Parse("500m"), small["cpu"]);
        Assert.Equal(Quantity.Parse("1"), large["cpu"]);
    }

    [Fact]
    public void A_value_no_longer_read_falls_out_after_two_generations_and_one_in_use_stays()
    {
        var shared = new SharedValues(generationSize: 4);
        var unused = shared.String(new string('u', 3));
        var used = shared.String(new string('x', 3));

        for (int i = 0; i < 12; i++)
        {
            shared.String($"other-{i}");
            // Read again every few values: it keeps being found, so it moves forward with each generation.
            if (i % 3 == 0) Assert.Same(used, shared.String(new string('x', 3)));
        }

        Assert.Same(used, shared.String(new string('x', 3)));
        var again = new string('u', 3);
        Assert.Same(again, shared.String(again)); // not found any more: the given instance is the shared one now
        Assert.NotSame(unused, again);
    }

    [Fact]
    public void Long_strings_are_not_looked_up()
    {
        var shared = new SharedValues();
        var first = new string('m', SharedValues.MaxSharedStringLength + 1);
        var second = new string('m', SharedValues.MaxSharedStringLength + 1);

        Assert.Same(first, shared.String(first));
        Assert.Same(second, shared.String(second));
        Assert.Same(shared.String(new string('m', 10)), shared.String(new string('m', 10)));
    }

    [Fact]
    public void Readers_on_many_threads_get_one_instance()
    {
        var shared = new SharedValues();
        var found = new IReadOnlyDictionary<string, string>[256];

        Parallel.For(0, found.Length, i =>
        {
            shared.StringMap(new Dictionary<string, string> { ["thread"] = $"{i}" });
            found[i] = shared.StringMap(new Dictionary<string, string> { ["app"] = "shop", ["pod-template-hash"] = "7d9f" });
        });

        Assert.Single(found.Distinct(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void Pod_metrics_share_their_pod_and_container_names_with_the_pods()
    {
        var shared = new SharedValues();
        var pod = KubernetesObjects.Pod(Json(ReplicaSetPod("a")), shared: shared).Value!;

        var sample = KubernetesObjects.PodMetrics(Json("""
            {"metadata": {"name": "shop-7d9f-a", "namespace": "shop"}, "timestamp": "2026-11-10T10:01:00Z", "window": "15s",
             "containers": [{"name": "app", "usage": {"cpu": "250m", "memory": "300Mi"}}]}
            """), shared: shared).Value!;

        Assert.Same(pod.Name, sample.PodName);
        Assert.Same(pod.Containers.Single().Name, sample.Containers.Single().Name);
        Assert.Equal(Quantity.Parse("250m"), sample.Containers.Single().Usage["cpu"]);
    }
}
