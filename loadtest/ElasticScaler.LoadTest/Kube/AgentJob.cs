using System.Globalization;
using k8s.Models;

namespace ElasticScaler.LoadTest.Kube;

/// <summary>
/// The Indexed Job that runs N agents (as k6-operator's TestRun runs its runners): completions = parallelism = N,
/// one pod per index, each running <c>agent --index $(JOB_COMPLETION_INDEX) --of N --coordinator URL</c> in the given
/// image (whose entrypoint is the loadtest CLI). backoffLimit 0: a retried agent would start late and lag, so a failed
/// pod is reported instead. The start instant is published on the Job as an annotation; the agents also get it with
/// their assignment from the coordinator.
/// </summary>
public static class AgentJob
{
    /// <summary>app.kubernetes.io/name of everything a run creates.</summary>
    public const string AppName = "elasticscaler-loadtest";
    /// <summary>The run's id on the Job and its pods, to find them again.</summary>
    public const string RunLabel = "loadtest.elasticscaler.io/run";
    /// <summary>The common start instant (RFC 3339, UTC) on the Job.</summary>
    public const string StartAtAnnotation = "loadtest.elasticscaler.io/start-at";
    /// <summary>The coordinator's address the agents stream to, on the Job.</summary>
    public const string CoordinatorAnnotation = "loadtest.elasticscaler.io/coordinator";
    /// <summary>Where the Job controller writes each pod's index.</summary>
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    /// <summary>The labels of the Job and of every agent pod.</summary>
    public static Dictionary<string, string> Labels(string runId) => new()
    {
        ["app.kubernetes.io/name"] = AppName,
        ["app.kubernetes.io/component"] = "agent",
        ["app.kubernetes.io/managed-by"] = AppName,
        [RunLabel] = runId,
    };

    /// <summary>The Job's name for run <paramref name="runId"/>.</summary>
    public static string Name(string runId) => $"loadtest-agents-{runId}";

    /// <summary>The Job for <paramref name="agents"/> agents of run <paramref name="runId"/>.</summary>
    public static V1Job Build(string runId, int agents, string image, Uri coordinator, DateTimeOffset startAt)
    {
        var n = agents.ToString(CultureInfo.InvariantCulture);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = Name(runId),
                Labels = Labels(runId),
                Annotations = new Dictionary<string, string>
                {
                    [StartAtAnnotation] = startAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    [CoordinatorAnnotation] = coordinator.ToString(),
                },
            },
            Spec = new V1JobSpec
            {
                CompletionMode = "Indexed",
                Completions = agents,
                Parallelism = agents,
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = Labels(runId) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "agent",
                                Image = image,
                                Args = ["agent", "--index", "$(JOB_COMPLETION_INDEX)", "--of", n, "--coordinator", coordinator.ToString()],
                                // The real Job controller adds JOB_COMPLETION_INDEX itself; declaring it too keeps $(…) expansion working on older clusters.
                                Env =
                                [
                                    new V1EnvVar
                                    {
                                        Name = "JOB_COMPLETION_INDEX",
                                        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = $"metadata.annotations['{CompletionIndexAnnotation}']" } },
                                    },
                                ],
                            },
                        ],
                    },
                },
            },
        };
    }
}
