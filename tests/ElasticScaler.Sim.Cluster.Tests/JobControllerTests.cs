using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.Cluster.Tests;

/// <summary>The batch/v1 Job controller as a client sees it: Indexed pods per index, parallelism, completion, failure, deletion.</summary>
public class JobControllerTests
{
    private const string Ns = "load";
    private const string Index = "batch.kubernetes.io/job-completion-index";

    private static async Task<(SimulatedCluster C, FakeTimeProvider Time, Kubernetes Client)> Start()
    {
        var (c, time) = await ClusterFixture.Start(preset: "empty");
        var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(c.Api.AdminKubeconfigPath));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
        return (c, time, client);
    }

    private static V1Job Job(int completions, int parallelism, string mode = "Indexed", int backoffLimit = 0) => new()
    {
        Metadata = new V1ObjectMeta { Name = "agents", Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "loadtest" } },
        Spec = new V1JobSpec
        {
            CompletionMode = mode,
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = backoffLimit,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "loadtest" } },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "agent", Image = "loadtest:dev", Args = ["agent", "--index", "$(JOB_COMPLETION_INDEX)"] }],
                },
            },
        },
    };

    private static async Task<List<V1Pod>> Pods(Kubernetes client) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=agents")).Items.Where(p => p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.Annotations?[Index])];

    private static async Task Finish(Kubernetes client, V1Pod pod, string phase) =>
        await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch($$$"""{"status":{"phase":"{{{phase}}}"}}""", V1Patch.PatchType.MergePatch), pod.Metadata.Name, Ns);

    [Fact]
    public async Task An_indexed_job_creates_one_pod_per_index_with_the_index_annotation_label_hostname_and_env()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        var job = await client.BatchV1.CreateNamespacedJobAsync(Job(3, 3), Ns);
        c.Run(time, TimeSpan.FromSeconds(2));

        var pods = await Pods(client);
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Annotations[Index]));
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Labels[Index]));
        Assert.Equal(["agents-0", "agents-1", "agents-2"], pods.Select(p => p.Spec.Hostname));
        Assert.All(pods, p => Assert.StartsWith($"agents-{p.Metadata.Annotations[Index]}-", p.Metadata.Name));
        Assert.All(pods, p => Assert.Equal(job.Metadata.Uid, p.Metadata.OwnerReferences.Single(r => r.Controller == true).Uid));
        Assert.All(pods, p => Assert.Equal("loadtest", p.Metadata.Labels["app.kubernetes.io/name"]));
        Assert.All(pods, p => Assert.Equal(job.Metadata.Uid, p.Metadata.Labels["batch.kubernetes.io/controller-uid"]));
        Assert.All(pods, p => Assert.Equal($"metadata.annotations['{Index}']",
            p.Spec.Containers[0].Env.Single(e => e.Name == "JOB_COMPLETION_INDEX").ValueFrom.FieldRef.FieldPath));
        Assert.Equal(3, (await client.BatchV1.ReadNamespacedJobAsync("agents", Ns)).Status.Active);
        Assert.Equal(0, c.FailedPasses);
    }

    [Fact]
    public async Task Parallelism_caps_the_pods_the_lowest_missing_index_starts_next_and_all_succeeded_completes_the_job()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        await client.BatchV1.CreateNamespacedJobAsync(Job(3, 2), Ns);
        c.Run(time, TimeSpan.FromSeconds(2));
        var pods = await Pods(client);
        Assert.Equal(["0", "1"], pods.Select(p => p.Metadata.Annotations[Index]));

        await Finish(client, pods[1], "Succeeded");
        c.Run(time, TimeSpan.FromSeconds(2));
        var active = (await Pods(client)).Where(p => p.Status?.Phase != "Succeeded").ToList();
        Assert.Equal(["0", "2"], active.Select(p => p.Metadata.Annotations[Index]));
        Assert.Equal("1", (await client.BatchV1.ReadNamespacedJobAsync("agents", Ns)).Status.CompletedIndexes);

        foreach (var p in active)
        {
            await Finish(client, p, "Succeeded");
        }

        c.Run(time, TimeSpan.FromSeconds(2));
        var done = await client.BatchV1.ReadNamespacedJobAsync("agents", Ns);
        Assert.Equal(("0-2", 3, 0), (done.Status.CompletedIndexes, done.Status.Succeeded ?? 0, done.Status.Active ?? 0));
        Assert.Contains(done.Status.Conditions, k => k.Type == "Complete" && k.Status == "True");
        Assert.NotNull(done.Status.CompletionTime);
    }

    [Fact]
    public async Task Failures_beyond_the_backoff_limit_fail_the_job_and_stop_its_pods()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        await client.BatchV1.CreateNamespacedJobAsync(Job(2, 2, backoffLimit: 0), Ns);
        c.Run(time, TimeSpan.FromSeconds(2));
        await Finish(client, (await Pods(client))[0], "Failed");
        c.Run(time, TimeSpan.FromSeconds(2));

        var job = await client.BatchV1.ReadNamespacedJobAsync("agents", Ns);
        Assert.Contains(job.Status.Conditions, k => k.Type == "Failed" && k.Reason == "BackoffLimitExceeded");
        Assert.DoesNotContain(await Pods(client), p => p.Status?.Phase is not ("Failed" or "Succeeded"));
    }

    [Fact]
    public async Task A_non_indexed_job_runs_completions_pods_and_deleting_it_in_the_background_removes_them()
    {
        var (c, time, client) = await Start();
        await using var _ = c;
        using var __ = client;
        await client.BatchV1.CreateNamespacedJobAsync(Job(2, 5, mode: "NonIndexed"), Ns);
        c.Run(time, TimeSpan.FromSeconds(2));
        var pods = await Pods(client);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.False(p.Metadata.Annotations?.ContainsKey(Index) ?? false));

        await client.BatchV1.DeleteNamespacedJobAsync("agents", Ns, propagationPolicy: "Background");
        c.Run(time, TimeSpan.FromSeconds(35));

        Assert.Empty((await client.BatchV1.ListNamespacedJobAsync(Ns)).Items);
        Assert.Empty((await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "job-name=agents")).Items);
    }

    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 1, 2, 4, 6, 7 }, "0-2,4,6-7")]
    public void Completed_indexes_are_written_as_ranges(int[] indexes, string expected) =>
        Assert.Equal(expected, Workloads.JobController.Ranges(indexes));
}
