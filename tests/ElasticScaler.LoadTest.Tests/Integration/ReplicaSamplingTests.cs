using ElasticScaler.LoadTest.Kube;

namespace ElasticScaler.LoadTest.Tests.Integration;

/// <summary>Replicas are read through a kubeconfig, ECS and ECI apart, and land on the run's time axis.</summary>
public sealed class ReplicaSamplingTests : IAsyncLifetime
{
    private FakeKubernetesApi _api = null!;
    private TargetServer _server = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _server = await TargetServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Deployment_pods_are_counted_ECS_or_ECI_by_their_nodes_label()
    {
        using var source = new KubernetesReplicaSource(_api.KubeconfigPath, "shop", ReplicaTargetKind.Deployment, "web");

        var first = await source.SampleAsync(CancellationToken.None);
        var second = await source.SampleAsync(CancellationToken.None);

        // Pending (no node) and Succeeded pods hold no place; one more pod lands on the virtual node per sample.
        Assert.Equal(new ReplicaSample(Ecs: 2, Eci: 0, Desired: 5), first);
        Assert.Equal(new ReplicaSample(Ecs: 2, Eci: 1, Desired: 5), second);
        Assert.All(_api.Requests, r => Assert.StartsWith("GET ", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ElasticScaler_is_read_from_its_status()
    {
        using var source = new KubernetesReplicaSource(_api.KubeconfigPath, "shop", ReplicaTargetKind.ElasticScaler, "web");

        var sample = await source.SampleAsync(CancellationToken.None);

        Assert.Equal(new ReplicaSample(Ecs: 4, Eci: 2, Desired: 6), sample);
    }

    [Fact]
    public async Task A_run_samples_replicas_every_second_onto_its_time_series_and_report()
    {
        var report = Path.Combine(Path.GetTempPath(), $"lt-replicas-{Guid.NewGuid():N}");
        var (exit, output, error) = await Run.CliAsync("run", "--url", _server.Url("ok").ToString(), "--concurrency", "2", "--duration", "3s",
            "--kubeconfig", _api.KubeconfigPath, "--namespace", "shop", "--deployment", "web", "--report", report, "--plain");

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.Contains("replicas ecs 2 eci", output, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json")));
        var replicas = json.RootElement.GetProperty("replicas");
        Assert.True(replicas.GetArrayLength() >= 3, $"{replicas.GetArrayLength()} samples in a 3 s run");
        Assert.Contains(replicas.EnumerateArray(), r => r.GetProperty("eci").GetInt32() > 0);
        var csv = await File.ReadAllLinesAsync(Path.Combine(report, "timeseries.csv"));
        // The stage column is quoted and holds commas, so count the replica column from the end of the row.
        var header = csv[0].Split(',');
        var fromEnd = header.Length - Array.IndexOf(header, "ecs_replicas");
        Assert.All(csv.Skip(1), line => Assert.Equal("2", line.Split(',')[^fromEnd]));
        Directory.Delete(report, recursive: true);
    }

    [Fact]
    public async Task Sampling_needs_exactly_one_workload_named()
    {
        var (exit, _, error) = await Run.CliAsync("run", "--url", _server.Url("ok").ToString(), "--kubeconfig", _api.KubeconfigPath);

        Assert.Equal(ExitCodes.BadConfig, exit);
        Assert.Contains("name exactly one of --deployment NAME or --elasticscaler NAME", error, StringComparison.Ordinal);
    }
}
