using k8s;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Cli;

/// <summary>--persist keeps objects (and CRD-served kinds) across restarts; kubeconfigs and options are checked at start.</summary>
public sealed class PersistenceAndServeTests
{
    [Fact]
    public async Task A_persisted_cluster_comes_back_with_its_objects_versions_and_custom_resources()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sim-persist-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string uid, rv;
            await using (var sim = await SimCluster.StartAsync(new SimOptions { Directory = dir, Persist = true }))
            {
                using var c = SimFixture.Client(sim.AdminKubeconfigPath);
                var cm = await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" } }, "default");
                (uid, rv) = (cm.Metadata.Uid, cm.Metadata.ResourceVersion);
                var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(SimFixture.Data("widget-crd.yaml")));
                await c.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
            }
            Assert.True(File.Exists(Path.Combine(dir, "state.json")));
            await using (var again = await SimCluster.StartAsync(new SimOptions { Directory = dir, Persist = true }))
            {
                using var c = SimFixture.Client(again.AdminKubeconfigPath);
                var cm = await c.CoreV1.ReadNamespacedConfigMapAsync("kept", "default");
                Assert.Equal((uid, rv), (cm.Metadata.Uid, cm.Metadata.ResourceVersion));
                Assert.NotNull(again.Registry.Find("scaling.example.com", "v1alpha1", "widgets"));
                var next = await c.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "later" } }, "default");
                Assert.True(long.Parse(next.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(rv, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_seed_preset_adds_the_wordpress_namespace_and_the_scaler_kubeconfig_names_its_identity()
    {
        await using var sim = await SimCluster.StartAsync(new SimOptions { Preset = "seed" });
        using var c = SimFixture.Client(sim.AdminKubeconfigPath);
        Assert.Equal("Active", (await c.CoreV1.ReadNamespaceAsync("wordpress")).Status.Phase);
        var scalerConfig = await File.ReadAllTextAsync(sim.ScalerKubeconfigPath);
        Assert.Contains("namespace: elasticscaler", scalerConfig);
        Assert.Contains("certificate-authority-data: ", scalerConfig);
        using var scaler = SimFixture.Client(sim.ScalerKubeconfigPath);
        var review = await scaler.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = "list", Resource = "pods", NamespaceProperty = "wordpress" } },
        });
        Assert.False(review.Status.Allowed);
    }

    [Theory]
    [InlineData(new[] { "serve", "--port", "x" }, "--port must be a number, not 'x'")]
    [InlineData(new[] { "serve", "--preset", "full" }, "--preset must be 'empty' or 'seed', not 'full'")]
    [InlineData(new[] { "serve", "--port", "70000" }, "--port must be between 0 (any free port) and 65535")]
    [InlineData(new[] { "serve", "--frobnicate" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "run" }, "the only command is 'serve'")]
    public void Bad_serve_arguments_are_refused_naming_the_option(string[] args, string message)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => ElasticScaler.Sim.Cli.ServeCommand.Parse(args).Validate());
        Assert.StartsWith(message, e.Message);
    }
}
