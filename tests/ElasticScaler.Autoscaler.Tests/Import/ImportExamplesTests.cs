namespace ElasticScaler.Autoscaler.Tests.Import;

/// <summary>
/// The documented examples of each source format (HPA v1 and v2 from the Kubernetes docs, CronHPA's README
/// examples, KEDA's ScaledObject, cron and prometheus docs), each with what it must become and what must be noted.
/// </summary>
public sealed class ImportExamplesTests
{
    public sealed record Case(string Name, string[] Files, int Exit, (string Path, string Json)[] Fields, string[] Notes)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases => new()
    {
        new("HPA v2 walkthrough: bounds and the CPU target verbatim", ["hpa-v2-php-apache.yaml"], 0,
            [("apiVersion", "\"autoscaling.elasticscaler.io/v1alpha1\""), ("kind", "\"ElasticScaler\""), ("metadata.name", "\"php-apache\""),
             ("metadata.namespace", "null"), ("spec.scaleTargetRef.kind", "\"Deployment\""), ("spec.scaleTargetRef.name", "\"php-apache\""),
             ("spec.minReplicas", "1"), ("spec.maxReplicas", "10"), ("spec.metrics[0].resource.name", "\"cpu\""),
             ("spec.metrics[0].resource.target.averageUtilization", "50"), ("spec.behavior", "null")], []),
        new("HPA v1: targetCPUUtilizationPercentage becomes a Resource cpu Utilization metric", ["hpa-v1-php-apache.yaml"], 0,
            [("metadata.namespace", "\"default\""), ("spec.metrics[0].type", "\"Resource\""), ("spec.metrics[0].resource.target.type", "\"Utilization\""),
             ("spec.metrics[0].resource.target.averageUtilization", "50"), ("spec.metrics[1]", "null")], []),
        new("HPA v2 in JSON with Pods and Object metrics: carried as written", ["hpa-v2-multiple-metrics.json"], 0,
            [("spec.metrics[1].pods.metric.name", "\"packets-per-second\""), ("spec.metrics[1].pods.target.averageValue", "\"1k\""),
             ("spec.metrics[2].object.describedObject.kind", "\"Ingress\""), ("spec.metrics[2].object.target.value", "\"10k\"")], []),
        new("HPA v2 behavior: policies and select policies verbatim", ["hpa-v2-behavior.yaml"], 0,
            [("spec.behavior.scaleDown.selectPolicy", "\"Min\""), ("spec.behavior.scaleDown.policies[1].value", "10"),
             ("spec.behavior.scaleUp.policies[0].periodSeconds", "15"), ("spec.metrics[0].resource.target.averageValue", "\"500Mi\"")], []),
        new("CronHPA alone (README): pinned at the low size, the high job a pinned window; the retired apps/v1beta2 is apps/v1",
            ["cronhpa-deployment.yaml"], 1,
            [("metadata.name", "\"cronhpa-sample\""), ("spec.scaleTargetRef.apiVersion", "\"apps/v1\""), ("spec.minReplicas", "1"), ("spec.maxReplicas", "1"),
             ("spec.schedules[0].name", "\"scale-up\""), ("spec.schedules[0].start", "\"0 */1 * * * *\""), ("spec.schedules[0].end", "\"30 */1 * * * *\""),
             ("spec.schedules[0].minReplicas", "3"), ("spec.schedules[0].maxReplicas", "3"), ("spec.schedules[0].timeZone", "\"Asia/Shanghai\""),
             ("spec.schedules[1]", "null")],
            ["CronHorizontalPodAutoscaler (no namespace)/cronhpa-sample: spec.scaleTargetRef: CronHPA alone"]),
        new("CronHPA excludeDates (README): the day-level crons carry over", ["cronhpa-exclude-dates.yaml"], 1,
            [("spec.excludeDates[0]", "\"* * * 15 11 *\""), ("spec.excludeDates[1]", "\"* * * * * 5\""), ("spec.schedules[0].minReplicas", "3")],
            ["CronHPA alone"]),
        new("CronHPA runOnce (README): one-off windows at the next match after the import", ["cronhpa-runonce.yaml"], 1,
            [("spec.minReplicas", "1"), ("spec.schedules[0].start", "\"2026-11-10T10:01:00\""), ("spec.schedules[0].end", "\"2026-11-10T10:01:30\""),
             ("spec.schedules[0].minReplicas", "3")],
            ["spec.jobs[1].runOnce: CronHPA runs a runOnce job once"]),
        new("HPA + CronHPA on the HPA (ACK): the HPA's metrics, the morning job a window to the evening job", ["hpa-cronhpa.yaml"], 1,
            [("metadata.name", "\"nginx-deployment-basic-hpa\""), ("spec.scaleTargetRef.name", "\"nginx-deployment-basic\""), ("spec.minReplicas", "1"),
             ("spec.maxReplicas", "10"), ("spec.metrics[0].resource.target.averageUtilization", "50"), ("spec.schedules[0].start", "\"0 0 8 * * *\""),
             ("spec.schedules[0].end", "\"0 0 20 * * *\""), ("spec.schedules[0].minReplicas", "11"), ("spec.schedules[0].maxReplicas", "null")],
            ["spec.jobs[0].targetSize: CronHPA raises the HorizontalPodAutoscaler's maxReplicas to 11 for good"]),
        new("KEDA spec reference: Prometheus trigger, static fallback, behavior verbatim, paused-scale-in disables scale-down",
            ["keda-scaledobject-spec.yaml"], 1,
            [("spec.scaleTargetRef.apiVersion", "\"apps/v1\""), ("spec.minReplicas", "1"), ("spec.maxReplicas", "100"),
             ("spec.metrics[0].type", "\"Prometheus\""), ("spec.metrics[0].prometheus.target.averageValue", "\"100.50\""),
             ("spec.fallback.failureThreshold", "3"), ("spec.fallback.replicas", "6"),
             ("spec.behavior.scaleDown.stabilizationWindowSeconds", "300"), ("spec.behavior.scaleDown.selectPolicy", "\"Disabled\"")],
            ["ScaledObject shop/orders: spec.pollingInterval:", "ScaledObject shop/orders: spec.cooldownPeriod:", "spec.advanced.restoreToOriginalReplicaCount"]),
        new("KEDA cron + cpu: the cron trigger is a window in its own zone, cpu a Utilization metric", ["keda-cron.yaml"], 0,
            [("spec.minReplicas", "2"), ("spec.maxReplicas", "30"), ("spec.metrics[0].resource.target.averageUtilization", "60"),
             ("spec.schedules[0].start", "\"0 6 * * *\""), ("spec.schedules[0].end", "\"0 20 * * *\""), ("spec.schedules[0].timeZone", "\"Asia/Kolkata\""),
             ("spec.schedules[0].minReplicas", "10")], []),
        new("KEDA prometheus: Value target, headers, insecureSkipVerify, milliseconds timeout; activation and auth noted", ["keda-prometheus.yaml"], 1,
            [("spec.metrics[0].prometheus.target.type", "\"Value\""), ("spec.metrics[0].prometheus.target.value", "\"100\""),
             ("spec.metrics[0].prometheus.headers.X-Tenant-Id", "\"tid\""), ("spec.metrics[0].prometheus.headers.X-Client-Id", "\"cid\""),
             ("spec.metrics[0].prometheus.tls.insecureSkipVerify", "true"), ("spec.metrics[0].prometheus.timeout", "\"1000ms\""), ("spec.minReplicas", "1")],
            ["spec.triggers[0].metadata.activationThreshold", "spec.triggers[0].authenticationRef: credentials (bearer) live in TriggerAuthentication \"keda-prom-creds\"",
             "spec.minReplicaCount (default 0)"]),
        new("KEDA prometheus over http with unsafeSsl: no tls (there is no certificate), noted", ["keda-prometheus-http-unsafe.yaml"], 1,
            [("spec.metrics[0].prometheus.serverAddress", "\"http://prometheus.monitoring:9090\""), ("spec.metrics[0].prometheus.tls", "null")],
            ["spec.triggers[0].metadata.unsafeSsl: the server is not https://, so there is no certificate to skip checking; left out"]),
        new("KEDA cpu/memory only: min 0 is 1 with no note; containerName makes a ContainerResource; KEDA's own HPA is skipped",
            ["keda-cpu-memory.yaml"], 0,
            [("metadata.name", "\"api\""), ("spec.minReplicas", "1"), ("spec.metrics[1].type", "\"ContainerResource\""),
             ("spec.metrics[1].containerResource.container", "\"api\""), ("spec.metrics[1].containerResource.target.averageValue", "\"512Mi\"")], []),
        new("KEDA kafka, paused at 5: the pause annotation carries, the trigger and the CPU default are noted", ["keda-kafka-paused.yaml"], 1,
            [("spec.metrics", "null"), ("spec.maxReplicas", "100")],
            ["spec.triggers[0].type: KEDA's kafka scaler has no ElasticScaler source", "no trigger became a metric"]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_documented_example_becomes_its_ElasticScaler(Case c)
    {
        var run = ImportRun.Files(c.Files);

        Assert.True(c.Exit == run.Exit, $"exit {run.Exit}, wanted {c.Exit}\n{run.Err}");
        var es = run.Single();
        foreach (var (path, json) in c.Fields)
            Assert.True(json == JsonPathOf.Json(es, path), $"{path}: {JsonPathOf.Json(es, path)}, wanted {json}\n{run.Out}");
        foreach (var note in c.Notes)
            Assert.Contains(run.Notes, n => n.Contains(note, StringComparison.Ordinal));
        Assert.Equal(c.Notes.Length == 0, run.Notes.Count == 0);
        // Every note is also a comment in the YAML, naming the source and the field.
        var comments = System.Text.RegularExpressions.Regex.Replace(run.Out, @"\n\s*#\s+", " ");
        Assert.All(run.Notes, n =>
        {
            var (field, message) = (n.Split(": ", 4)[2], n.Split(": ", 4)[3]);
            Assert.Contains($"{field}: {message}", comments, StringComparison.Ordinal);
        });
    }
}
