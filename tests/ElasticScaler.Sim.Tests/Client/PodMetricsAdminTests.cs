using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>PUT /sim/metrics/pods/{ns}: one sample on every pod of a namespace (or of a label selector in it) in one call.</summary>
public sealed class PodMetricsAdminTests
{
    private const string Ns = "bulk";

    private static HttpClient Http(SimCluster sim, string token)
    {
        var thumbprint = sim.Certificate!.Thumbprint;
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint };
        var http = new HttpClient(handler) { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Body(string cpu) =>
        new($$"""{"containers":[{"name":"app","cpu":"{{cpu}}","memory":"64Mi"}]}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_pod_of_the_namespace_or_of_the_selector_gets_the_sample_and_the_answer_counts_them()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions());
        using var admin = SimFixture.Client(sim.AdminKubeconfigPath);
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(Ns) });
        foreach (var (name, app) in new[] { ("web-1", "web"), ("web-2", "web"), ("db-1", "db") })
            await admin.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name, new Dictionary<string, string> { ["app"] = app }), Ns);
        await admin.CoreV1.CreateNamespacedPodAsync(Objects.Pod("other", new Dictionary<string, string> { ["app"] = "web" }), "default");
        using var http = Http(sim, sim.AdminToken);

        using (var all = await http.PutAsync($"/sim/metrics/pods/{Ns}", Body("250m")))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            Assert.Equal(3, JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("pods").GetInt32());
        }
        using (var web = await http.PutAsync($"/sim/metrics/pods/{Ns}?labelSelector=app%3Dweb", Body("400m")))
            Assert.Equal(2, JsonDocument.Parse(await web.Content.ReadAsStringAsync()).RootElement.GetProperty("pods").GetInt32());

        Assert.Equal((400, 400, 250), (Cpu(sim, "web-1"), Cpu(sim, "web-2"), Cpu(sim, "db-1")));
        Assert.Equal(64L << 20, sim.Metrics.Pod(Ns, "db-1")!.Value.Containers.Single().MemoryBytes);
        Assert.Null(sim.Metrics.Pod("default", "other")); // another namespace is untouched

        using (var none = await http.PutAsync("/sim/metrics/pods/empty-ns", Body("1")))
            Assert.Equal(0, JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("pods").GetInt32());
        using (var bad = await http.PutAsync($"/sim/metrics/pods/{Ns}", new StringContent("""{"containers":[{"cpu":"1"}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("containers[].name is required", await bad.Content.ReadAsStringAsync());
        }
        Assert.Equal(250, Cpu(sim, "db-1")); // a bad body changes nothing
        using var scaler = Http(sim, sim.ScalerToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await scaler.PutAsync($"/sim/metrics/pods/{Ns}", Body("1"))).StatusCode);
    }

    private static long Cpu(SimCluster sim, string pod) => sim.Metrics.Pod(Ns, pod)!.Value.Containers.Single().CpuMillis;
}
