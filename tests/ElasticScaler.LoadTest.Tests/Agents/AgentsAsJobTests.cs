using System.Diagnostics;
using System.Text.Json;
using ElasticScaler.LoadTest.Kube;
using ElasticScaler.LoadTest.Tests.Integration;
using ElasticScaler.Sim;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Tests.Shared;
using k8s;
using k8s.Models;

namespace ElasticScaler.LoadTest.Tests.Agents;

/// <summary>
/// <c>run --agents 3</c> against the simulated cluster over HTTP. The sim runs no containers, so this test plays the
/// kubelet: for each pod the Job controller creates it starts the pod's command as a local agent process, with
/// <c>$(JOB_COMPLETION_INDEX)</c> expanded from the pod's own annotation as the downward API would, and writes the
/// pod's phase when the process exits.
/// </summary>
public sealed class AgentsAsJobTests : IAsyncLifetime
{
    private const string Image = "registry.example/elasticscaler-loadtest:test";
    private const string Ns = "loadtest";
    private NginxServer? _nginx;
    private SimulatedCluster? _cluster;
    private readonly List<Process> _agents = [];
    private readonly string _report = Directory.CreateTempSubdirectory("lt-job-").FullName;

    public async Task InitializeAsync()
    {
        if (!NginxServer.Installed)
        {
            return;
        }

        _nginx = await NginxServer.StartAsync();
        _cluster = await SimulatedCluster.StartAsync(new ClusterOptions { Preset = "empty", Sim = new SimOptions { UseTls = false } });
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
                await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }

            agent.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_nginx is not null)
        {
            await _nginx.DisposeAsync();
        }

        Directory.Delete(_report, recursive: true);
    }

    [SkippableFact]
    public async Task Agents_3_creates_the_indexed_job_its_pods_run_as_agents_and_the_job_is_deleted_at_the_end()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_cluster!.Api.AdminKubeconfigPath));
        var listen = $"127.0.0.1:{Run.FreePort()}";
        // As the coordinator's service account with deploy/loadtest's Role: it must be enough.
        await ApplyAsync(client, AgentProcess.RepoPath("deploy", "loadtest", "rbac.yaml"));
        var token = _cluster.Api.AddUser("system:serviceaccount:loadtest:elasticscaler-loadtest", "system:serviceaccounts", "system:serviceaccounts:loadtest");
        var kubeconfig = _cluster.Api.WriteKubeconfig("loadtest-coordinator.kubeconfig", "elasticscaler-loadtest", token);

        var run = Run.CliAsync("run", "--url", _nginx!.Url.ToString(), "--concurrency", "6", "--duration", "2s", "--agents", "3",
            "--kubeconfig", kubeconfig, "--namespace", Ns, "--image", Image, "--listen", listen,
            "--start-delay", "8s", "--threshold", "success_rate >= 99%", "--report", _report, "--quiet");
        var (job, pods) = await WaitForPodsAsync(client, Ns, 3, run);

        Assert.Equal(("Indexed", 3, 3, 0), (job.Spec.CompletionMode, job.Spec.Completions, job.Spec.Parallelism, job.Spec.BackoffLimit));
        Assert.Equal(AgentJob.AppName, job.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal(AgentJob.AppName, job.Metadata.Labels["app.kubernetes.io/managed-by"]);
        var runId = job.Metadata.Labels[AgentJob.RunLabel];
        Assert.True(DateTimeOffset.TryParse(job.Metadata.Annotations[AgentJob.StartAtAnnotation], out _));
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Annotations[AgentJob.CompletionIndexAnnotation]).Order());
        Assert.All(pods, p => Assert.Equal(runId, p.Metadata.Labels[AgentJob.RunLabel]));
        Assert.All(pods, p => Assert.Equal(Image, p.Spec.Containers[0].Image));
        Assert.All(pods, p => Assert.Equal(job.Metadata.Uid, p.Metadata.OwnerReferences.Single(r => r.Controller == true).Uid));
        foreach (var pod in pods)
        {
            _agents.Add(StartAsKubelet(client, pod));
        }

        var (exit, output, error) = await run;

        Assert.True(exit == ExitCodes.Passed, output + error);
        Assert.True(error.Length == 0, error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_report, "report.json")));
        var agents = json.RootElement.GetProperty("agents").EnumerateArray().ToList();
        Assert.All(agents, a => Assert.Equal("completed", a.GetProperty("status").GetString()));
        Assert.Equal(pods.OrderBy(p => p.Metadata.Annotations[AgentJob.CompletionIndexAnnotation]).Select(p => $"pod {p.Metadata.Name}"),
            agents.Select(a => a.GetProperty("address").GetString()!.Split(" (")[0]));
        var merged = json.RootElement.GetProperty("scenarios")[0].GetProperty("stats");
        Assert.Equal(agents.Sum(a => a.GetProperty("requests").GetInt64()), merged.GetProperty("allRequestCount").GetInt64());
        Assert.Equal(6, merged.GetProperty("peakConcurrency").GetInt32());
        // Deleted at the end, its pods with it (background propagation).
        Assert.Empty((await client.BatchV1.ListNamespacedJobAsync(Ns, labelSelector: $"{AgentJob.RunLabel}={runId}")).Items);
        await WaitUntilAsync(async () => (await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: $"{AgentJob.RunLabel}={runId}")).Items.Count == 0,
            TimeSpan.FromSeconds(60), "the Job's pods are garbage-collected");
    }

    [SkippableFact]
    public async Task Cancelling_the_run_like_Ctrl_C_deletes_the_job_and_fails_the_gate()
    {
        Skip.IfNot(NginxServer.Installed, "nginx is absent; install Debian's nginx (apt-get install -y nginx) to run this test");
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_cluster!.Api.AdminKubeconfigPath));
        using var cancel = new CancellationTokenSource();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var run = ElasticScaler.LoadTest.Cli.LoadTestCommand.InvokeAsync(["run", "--url", _nginx!.Url.ToString(), "--concurrency", "2", "--duration", "30s",
            "--agents", "2", "--kubeconfig", _cluster.Api.AdminKubeconfigPath, "--image", Image, "--listen", $"127.0.0.1:{Run.FreePort()}",
            "--start-delay", "20s", "--quiet"], stdout, stderr, cancel.Token);
        var (job, _) = await WaitForPodsAsync(client, "default", 2, run);
        await cancel.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExitCodes.ThresholdFailed, exit);
        Assert.Contains("stopped early: cancelled before the planned end", stdout.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, "default"));
    }

    private static async Task<(V1Job Job, IList<V1Pod> Pods)> WaitForPodsAsync(Kubernetes client, string ns, int count, Task run)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline && !run.IsCompleted)
        {
            var jobs = (await client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: $"app.kubernetes.io/name={AgentJob.AppName}")).Items;
            if (jobs.Count == 1)
            {
                var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={jobs[0].Metadata.Name}")).Items;
                if (pods.Count == count)
                {
                    return (jobs[0], pods);
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException(run.IsCompleted ? "the run ended before its Job had its pods" : $"no Job with {count} pods within 60 s");
    }

    /// <summary>Runs the pod's container as a local process, as a kubelet would, and records its exit in the pod's phase.</summary>
    private static Process StartAsKubelet(Kubernetes client, V1Pod pod)
    {
        var container = pod.Spec.Containers[0];
        var env = container.Env.ToDictionary(e => e.Name, e => e.Value ?? Downward(pod, e.ValueFrom.FieldRef.FieldPath));
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AgentProcess.Dll());
        foreach (var arg in container.Args)
        {
            info.ArgumentList.Add(env.Aggregate(arg, (a, kv) => a.Replace($"$({kv.Key})", kv.Value, StringComparison.Ordinal)));
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += async (_, _) =>
        {
            var phase = process.ExitCode == 0 ? "Succeeded" : "Failed";
            try
            {
                await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch($$$"""{"status":{"phase":"{{{phase}}}"}}""", V1Patch.PatchType.MergePatch),
                    pod.Metadata.Name, pod.Metadata.NamespaceProperty);
            }
            catch (Exception)
            {
                // The Job (and its pod) may already be gone.
            }
        };
        return process;
    }

    /// <summary>Creates every object of a manifest file, as kubectl apply would on an empty cluster.</summary>
    private static async Task ApplyAsync(Kubernetes client, string path)
    {
        foreach (var o in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(path)))
        {
            _ = o switch
            {
                V1Namespace n => (object)await client.CoreV1.CreateNamespaceAsync(n),
                V1ServiceAccount a => await client.CoreV1.CreateNamespacedServiceAccountAsync(a, a.Metadata.NamespaceProperty),
                V1Role r => await client.RbacAuthorizationV1.CreateNamespacedRoleAsync(r, r.Metadata.NamespaceProperty),
                V1RoleBinding b => await client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(b, b.Metadata.NamespaceProperty),
                _ => throw new NotSupportedException($"{path}: unexpected {o.GetType().Name}"),
            };
        }
    }

    private static string Downward(V1Pod pod, string fieldPath) =>
        fieldPath.StartsWith("metadata.annotations['", StringComparison.Ordinal)
            ? pod.Metadata.Annotations[fieldPath["metadata.annotations['".Length..^2]]
            : throw new NotSupportedException($"downward API field {fieldPath}");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"not within {within.TotalSeconds} s: {what}");
            await Task.Delay(200);
        }
    }
}
