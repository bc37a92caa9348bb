namespace ElasticScaler.Sim.Workload;

/// <summary>
/// The demo app wired to a running sim: the Service's endpoints follow the store, usage goes to metrics.k8s.io and
/// the pods', the Service's and the namespace's request rate and in-flight count to custom.metrics.k8s.io every
/// resolution, and the app answers on 127.0.0.1. <c>await using var app = await LiveWorkload.StartAsync(sim, "wordpress", "wordpress")</c>.
/// </summary>
public sealed class LiveWorkload : IAsyncDisposable
{
    private LiveWorkload(ServiceLoad service, StoreEndpoints endpoints, UsagePublisher publisher, DemoApp app)
    {
        Service = service;
        Endpoints = endpoints;
        Publisher = publisher;
        App = app;
    }

    public ServiceLoad Service { get; }
    public StoreEndpoints Endpoints { get; }
    public UsagePublisher Publisher { get; }
    public DemoApp App { get; }
    public Uri BaseAddress => App.BaseAddress;

    public static async Task<LiveWorkload> StartAsync(SimCluster sim, string ns, string serviceName, LoadModelOptions? options = null,
        TimeProvider? time = null, int port = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(sim);
        options ??= new LoadModelOptions();
        options.Validate();
        time ??= TimeProvider.System;
        var service = new ServiceLoad(options);
        var endpoints = StoreEndpoints.Start(sim.Store, time, service, ns, serviceName);
        var publisher = new UsagePublisher(service, sim.Metrics, sim.Store, time, new ServiceObject(ns, serviceName));
        try
        {
            var app = await DemoApp.StartAsync(service, time, port, ct);
            return new LiveWorkload(service, endpoints, publisher, app);
        }
        catch
        {
            publisher.Dispose();
            await endpoints.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Publisher.Dispose();
        await Endpoints.DisposeAsync();
    }
}
