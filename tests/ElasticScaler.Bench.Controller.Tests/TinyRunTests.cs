using System.Text.Json;

namespace ElasticScaler.Bench.Controller.Tests;

/// <summary>
/// One tiny run end to end: three scalers of four pods, a 2 s sync period, half a minute measured. It checks that
/// results.json holds every field with sane values, never how fast anything was.
/// </summary>
public sealed class TinyRunTests
{
    [Fact]
    public async Task A_tiny_run_writes_results_json_with_every_field_and_sane_values()
    {
        var dir = Path.Combine(Path.GetTempPath(), "es-bench-controller-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var output = new StringWriter();
            var console = Consoles.To(output);
            var stderr = new StringWriter();
            var code = await Program.RunAsync(["--scalers", "3", "--pods-per-scaler", "4", "--minutes", "0.5", "--sync-period", "2s", "--out", dir], console, stderr);
            Assert.True(code == 0, $"exit {code}: {stderr}\n{output}");
            Assert.Contains("reconcile latency p50 / p99", output.ToString());

            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "results.json")));
            var r = doc.RootElement;
            foreach (var field in new[]
            {
                "scalers", "podsPerScaler", "pods", "minutes", "syncPeriodSeconds", "startedAt", "machine", "setupSeconds", "steadyWindowSeconds",
                "steadyReconciles", "reconcileP50Ms", "reconcileP99Ms", "requestsPerReconcile", "metricsReadsPerReconcile", "steadyWrites",
                "serviceCpuCoresSteady", "serviceCpuCoresRun", "servicePeakRssMib", "simCpuCoresRun", "simPeakRssMib", "metricChanges", "goals",
            })
                Assert.True(r.TryGetProperty(field, out _), $"results.json has no {field}");
            Assert.Equal((3, 4, 12), (r.GetProperty("scalers").GetInt32(), r.GetProperty("podsPerScaler").GetInt32(), r.GetProperty("pods").GetInt32()));
            Assert.True(r.GetProperty("steadyReconciles").GetInt64() > 0);
            double p50 = r.GetProperty("reconcileP50Ms").GetDouble(), p99 = r.GetProperty("reconcileP99Ms").GetDouble();
            Assert.True(p50 > 0 && p50 <= p99, $"p50 {p50}, p99 {p99}");
            foreach (var verb in Figures.Verbs)
                Assert.True(r.GetProperty("requestsPerReconcile").GetProperty(verb).GetDouble() >= 0, verb);
            Assert.Equal(0, r.GetProperty("requestsPerReconcile").GetProperty("watch").GetDouble()); // watches resume, never re-open in a steady window this short
            Assert.True(r.GetProperty("metricsReadsPerReconcile").GetDouble() > 0); // HPA's PodMetrics read
            foreach (var f in new[] { "serviceCpuCoresSteady", "serviceCpuCoresRun", "simCpuCoresRun", "setupSeconds" })
                Assert.True(r.GetProperty(f).GetDouble() >= 0, f);
            Assert.True(r.GetProperty("servicePeakRssMib").GetDouble() > 10 && r.GetProperty("simPeakRssMib").GetDouble() > 10);
            Assert.Equal(2, r.GetProperty("machine").GetProperty("loadAtStart").GetArrayLength() - 1);
            var c = r.GetProperty("metricChanges");
            int changed = c.GetProperty("scalersChanged").GetInt32(), acted = c.GetProperty("actedOn").GetInt32(), within = c.GetProperty("withinSyncPeriod").GetInt32();
            Assert.True(changed >= 1 && acted <= changed && within <= acted, $"changed {changed}, acted on {acted}, within {within}");
            Assert.True(acted >= 1, "a raised metric is acted on"); // 50% -> 80% of the request: 4 -> 7 replicas
            int first = c.GetProperty("actedOnAtFirstSync").GetInt32();
            Assert.True(first <= acted, $"acted on at the first sync {first} of {acted}");
            Assert.True(c.GetProperty("syncIntervalMaxSeconds").GetDouble() >= 1.9, "syncs 2 s apart"); // --sync-period 2s
            // Under deploy/manager's limit where the machine can make a memory cgroup (as root), else none.
            var limit = r.GetProperty("serviceMemoryLimitMib");
            Assert.True(limit.ValueKind == JsonValueKind.Null || limit.GetDouble() == 512, $"limit {limit}");
            Assert.True(c.GetProperty("latencyP50Seconds").GetDouble() >= 0);
            Assert.True(c.GetProperty("latencyP50Seconds").GetDouble() <= c.GetProperty("latencyP99Seconds").GetDouble());
            Assert.True(c.GetProperty("latencyP99Seconds").GetDouble() <= c.GetProperty("latencyMaxSeconds").GetDouble());
            Assert.Equal(JsonValueKind.True, r.GetProperty("goals").GetProperty("noSteadyWrites").ValueKind); // a steady scaler writes nothing
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
