using ElasticScaler.Core.Model;
using ElasticScaler.Core.Replicas;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>A pod and the request HPA computes for it (or the error).</summary>
public sealed record RequestCase(string Name)
{
    public required PodState Pod { get; init; }
    public string? Container { get; init; }
    public long? Expected { get; init; }
    public string? ExpectedError { get; init; }
    public override string ToString() => Name;
}

/// <summary>
/// Kubernetes' TestCalculateRequests and TestCalculatePodRequestsFromContainers_NonExistentContainer.
/// Pod-level resources are always honoured here (the gate is on by default since 1.34), so upstream's
/// "feature disabled" row is not transcribed.
/// </summary>
public sealed class ResourceRequestsTests
{
    private static IReadOnlyDictionary<string, Quantity> Cpu(long milli) => Fx.CpuMilli(milli);
    private static ContainerRequests C(string name, long? milli = null, bool sidecar = false) =>
        new() { Name = name, Requests = milli is { } m ? Cpu(m) : new Dictionary<string, Quantity>(), RestartPolicyAlways = sidecar };
    private static PodState Pod(ContainerRequests[] containers, IReadOnlyDictionary<string, Quantity>? podLevel = null, ContainerRequests[]? init = null) =>
        new() { Name = "test-pod", Containers = containers, PodRequests = podLevel, InitContainers = init ?? [] };

    public static TheoryData<RequestCase> Cases => new()
    {
        new("sum container requests when pod-level requests are not set") { Pod = Pod([C("container1", 100), C("container2", 50)]), Expected = 150 },
        new("pod-level resources override container requests when pod resources specified")
        {
            Pod = Pod([C("container1", 100), C("container2", 50)], Cpu(800)), Expected = 800,
        },
        new("fail if at least one of the containers is missing requests and pod-level requests are not set")
        {
            Pod = Pod([C("container1"), C("container2", 50)]), ExpectedError = "missing request for cpu in container container1 of Pod test-pod",
        },
        new("pod-level resources override missing container requests when pod resources specified")
        {
            Pod = Pod([C("container1"), C("container2", 50)], Cpu(800)), Expected = 800,
        },
        new("container: if a container name is specified, calculate requests only for that container")
        {
            Pod = Pod([C("container1", 100), C("container2", 50)]), Container = "container1", Expected = 100,
        },
        new("container: a named container ignores pod-level requests")
        {
            Pod = Pod([C("container1", 100), C("container2", 50)], Cpu(800)), Container = "container1", Expected = 100,
        },
        new("pod with restartable init containers")
        {
            Pod = Pod([C("container1", 100)], init: [C("init-container1", 20), C("restartable-container1", 50, sidecar: true)]), Expected = 150,
        },
        new("non-existent container")
        {
            Pod = new PodState { Name = "test-pod", Containers = [C("container1", 100)] }, Container = "non-existent-container",
            ExpectedError = "container non-existent-container not found in Pod test-pod",
        },
        new("a sidecar can be named as the container")
        {
            Pod = Pod([C("app", 100)], init: [C("proxy", 30, sidecar: true)]), Container = "proxy", Expected = 30,
        },
        new("pod-level requests for another resource fall back to the container aggregate")
        {
            Pod = Pod([C("app", 100)], new Dictionary<string, Quantity> { ["memory"] = Quantity.Parse("1Gi") },
                init: [C("setup", 500), C("proxy", 30, sidecar: true)]),
            // max(app 100 + proxy 30, setup 500) = 500: the init step peaks above the steady state.
            Expected = 500,
        },
        new("pod-level requests for another resource and none for cpu anywhere")
        {
            Pod = Pod([C("app")], new Dictionary<string, Quantity> { ["memory"] = Quantity.Parse("1Gi") }),
            ExpectedError = "missing pod-level request for cpu in Pod test-pod",
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Requests_are_computed_as_kubernetes_computes_them(RequestCase tc)
    {
        var ok = ResourceRequests.TryGetMilli(tc.Pod, "cpu", tc.Container, out var milli, out var error);
        if (tc.ExpectedError is not null)
        {
            Assert.False(ok);
            Assert.Equal(tc.ExpectedError, error);
            Assert.Equal(0, milli);
            return;
        }
        Assert.True(ok, error);
        Assert.Equal(tc.Expected, milli);
    }
}
