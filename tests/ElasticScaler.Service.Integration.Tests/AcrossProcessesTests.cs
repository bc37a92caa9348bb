using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>The wall-clock path a person takes: <c>sim serve --preset seed</c> and <c>elasticscaler run</c> as their own processes.</summary>
public sealed partial class AcrossProcessesTests
{
    [Fact]
    public async Task Sim_serve_and_autoscaler_run_as_processes_scale_the_seeds_wordpress_onto_the_virtual_node()
    {
        var dir = Path.Combine(Path.GetTempPath(), "es-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var sim = ChildProcess.Start(ChildProcess.Dll("sim/ElasticScaler.Sim.Cli", "elasticscaler-sim"), "serve", "--preset", "seed", "--dir", dir);
            var kubeconfig = (await sim.WaitForLineAsync("export KUBECONFIG=", TimeSpan.FromSeconds(60))).Split('=', 2)[1];
            var scalerKubeconfig = (await sim.WaitForLineAsync("scaler kubeconfig: ", TimeSpan.FromSeconds(5))).Split(": ", 2)[1];
            using var admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            await ApplyAsync(admin, Manifests.Path("deploy", "crd", "elasticscalers.autoscaling.elasticscaler.io.yaml"));
            await ApplyAsync(admin, Manifests.Path("deploy", "rbac", "cluster-role.yaml"));

            await using var service = ChildProcess.Start(ChildProcess.Dll("autoscaler/ElasticScaler.Autoscaler", "elasticscaler"), "run",
                "--kubeconfig", scalerKubeconfig, "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--sync-period", "2s");
            var serving = await service.WaitForLineAsync("Serving /metrics", TimeSpan.FromSeconds(60));
            var address = Address().Match(serving).Value;
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            await Eventually.UntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(90));
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));

            var es = Scalers.Seed(min: 26, max: 100);
            await admin.CustomObjects.CreateNamespacedCustomObjectAsync(es, "autoscaling.elasticscaler.io", "v1alpha1", Scenario.Ns, "elasticscalers");
            // 22 fit on ECS: the floor of 26 puts 4 on the virtual node.
            await Eventually.UntilAsync(async () => (await admin.CoreV1.ListNamespacedPodAsync(Scenario.Ns)).Items
                .Count(p => p.Spec.NodeName?.StartsWith("virtual-kubelet", StringComparison.Ordinal) == true && p.Status.Phase == "Running") == 4, "4 ECI pods running", TimeSpan.FromSeconds(90));
            var twin = await admin.AppsV1.ReadNamespacedDeploymentAsync("wordpress-eci", Scenario.Ns);
            Assert.Equal(4, twin.Spec.Replicas);
            var metrics = await http.GetStringAsync("/metrics");
            Assert.Contains("elasticscaler_desired_replicas{namespace=\"wordpress\",name=\"wordpress\"} 26", metrics);
            Assert.Contains("elasticscaler_pool_replicas{namespace=\"wordpress\",name=\"wordpress\",pool=\"eci\"} 4", metrics);
            Assert.DoesNotContain(service.Lines, l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
            Assert.Contains(service.Lines, l => l.StartsWith('{')); // JSON console logs
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task ApplyAsync(Kubernetes admin, string file)
    {
        foreach (var obj in KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file)))
        {
            try
            {
                switch (obj)
                {
                    case V1CustomResourceDefinition crd: await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd); break;
                    case V1ClusterRole role: await admin.RbacAuthorizationV1.CreateClusterRoleAsync(role); break;
                    case V1ClusterRoleBinding binding: await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding); break;
                    case V1Role role: await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, role.Metadata.NamespaceProperty); break;
                    case V1RoleBinding binding: await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(binding, binding.Metadata.NamespaceProperty); break;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
            {
                // already there
            }
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
