using System.Net;
using System.Text.Json.Nodes;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Kube;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.FastMode;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;

namespace ElasticScaler.Sim.Workload.Tests;

/// <summary>The service's write transport into the in-process sim: its writes land, its failures read as over HTTP.</summary>
public sealed class StoreWriterTests
{
    private readonly ResourceService _service = new(new ResourceRegistry(BuiltinKinds.All), new ObjectStore(), TimeProvider.System);
    private readonly StoreWriter _writer;

    public StoreWriterTests()
    {
        var requests = new ResourceRequests(_service, "elasticscaler");
        _writer = new StoreWriter(requests);
        requests.Create("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = SeedPreset.Namespace } });
        requests.Create(ApiResource.Deployments.CollectionPath(SeedPreset.Namespace), SeedPreset.WordPress());
    }

    [Fact]
    public async Task The_actuators_scale_write_lands_on_the_deployments_spec_replicas()
    {
        var actuator = new Actuator(_writer);
        await actuator.ScaleAsync(ApiResource.Deployments, SeedPreset.Namespace, SeedPreset.Deployment, 31, CancellationToken.None);
        var live = _service.Get(_service.Type("apps", "v1", "deployments"), SeedPreset.Namespace, SeedPreset.Deployment);
        Assert.Equal(31L, (long?)live["spec"]!["replicas"]);
        Assert.Equal(1, actuator.ScaleWrites);
    }

    [Fact]
    public async Task A_refused_write_is_a_KubeApiException_with_the_status_code_reason_and_message()
    {
        var exists = await Assert.ThrowsAsync<KubeApiException>(() =>
            _writer.CreateAsync(ApiResource.Deployments.CollectionPath(SeedPreset.Namespace), SeedPreset.WordPress(), CancellationToken.None));
        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists", "deployments.apps \"wordpress\" already exists"), (exists.Status, exists.Reason, exists.ApiMessage));

        var missing = await Assert.ThrowsAsync<KubeApiException>(() => new Actuator(_writer).ScaleAsync(ApiResource.Deployments, SeedPreset.Namespace, "nobody", 3, CancellationToken.None));
        Assert.True(missing.IsNotFound, missing.Message);
        Assert.Equal("deployments.apps \"nobody\" not found", missing.ApiMessage);
        Assert.StartsWith("patch /apis/apps/v1/namespaces/wordpress/deployments/nobody/scale: 404", missing.Message);
    }

    [Fact]
    public async Task A_body_that_is_not_an_object_is_a_bad_request()
    {
        var e = await Assert.ThrowsAsync<KubeApiException>(() =>
            _writer.ReplaceAsync(ApiResource.Deployments.ObjectPath(SeedPreset.Namespace, SeedPreset.Deployment), new JsonArray(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
    }
}
