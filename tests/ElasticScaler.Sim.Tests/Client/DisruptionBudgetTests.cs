using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>policy/v1 PodDisruptionBudget through KubernetesClient: discovery, CRUD, status, generation and the API's validation.</summary>
public sealed class DisruptionBudgetTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private static V1PodDisruptionBudget Budget(string name, IntOrString? min = null, IntOrString? max = null) => new()
    {
        Metadata = Objects.Meta(name),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = min,
            MaxUnavailable = max,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        },
    };

    private static async Task<string> Namespace(Kubernetes c)
    {
        var ns = "pdb-" + Guid.NewGuid().ToString("N")[..8];
        await c.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = Objects.Meta(ns) });
        return ns;
    }

    [Fact]
    public async Task Discovery_serves_policy_v1_poddisruptionbudgets_with_its_short_name_and_status()
    {
        using var c = fx.Admin();
        var groups = await c.Apis.GetAPIVersionsAsync();
        Assert.Contains(groups.Groups, g => g.Name == "policy" && g.PreferredVersion.GroupVersion == "policy/v1");
        var resources = await c.PolicyV1.GetAPIResourcesAsync();
        var pdb = resources.Resources.Single(r => r.Name == "poddisruptionbudgets");
        Assert.Equal(("PodDisruptionBudget", true, "poddisruptionbudget"), (pdb.Kind, pdb.Namespaced, pdb.SingularName));
        Assert.Equal(["pdb"], pdb.ShortNames);
        Assert.Equal(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], pdb.Verbs.Order(StringComparer.Ordinal));
        Assert.Contains(resources.Resources, r => r.Name == "poddisruptionbudgets/status");
    }

    [Fact]
    public async Task A_budget_is_created_with_generation_1_and_a_zero_status_and_a_spec_change_bumps_the_generation()
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        var created = await c.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget("web", min: 1), ns);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal((0, 0, 0, 0), (created.Status.CurrentHealthy, created.Status.DesiredHealthy, created.Status.DisruptionsAllowed, created.Status.ExpectedPods));
        Assert.Equal("1", created.Spec.MinAvailable.Value);

        created.Spec.MinAvailable = "50%";
        var replaced = await c.PolicyV1.ReplaceNamespacedPodDisruptionBudgetAsync(created, "web", ns);
        Assert.Equal(2, replaced.Metadata.Generation);
        Assert.Equal("50%", replaced.Spec.MinAvailable.Value);

        // The main resource ignores status; /status takes it.
        replaced.Status.DisruptionsAllowed = 3;
        Assert.Equal(0, (await c.PolicyV1.ReplaceNamespacedPodDisruptionBudgetAsync(replaced, "web", ns)).Status.DisruptionsAllowed);
        var live = await c.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns);
        live.Status.DisruptionsAllowed = 3;
        Assert.Equal(3, (await c.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(live, "web", ns)).Status.DisruptionsAllowed);

        Assert.Single((await c.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns)).Items);
        await c.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync("web", ns);
        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => c.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("web", ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Theory]
    [InlineData("1", "1", "spec: Invalid value:", "minAvailable and maxUnavailable cannot be both set")]
    [InlineData("-1", null, "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0", "")]
    [InlineData("120%", null, "spec.minAvailable: Invalid value: \"120%\": must not be greater than 100%", "")]
    [InlineData(null, "half", "spec.maxUnavailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%'", "")]
    public async Task The_api_refuses_what_policy_validation_refuses(string? min, string? max, string expected, string alsoExpected)
    {
        using var c = fx.Admin();
        var ns = await Namespace(c);
        static IntOrString? Parse(string? v) => v is null ? null : int.TryParse(v, out var n) ? (IntOrString)n : (IntOrString)v;
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => c.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget("bad", Parse(min), Parse(max)), ns));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        var message = (string?)System.Text.Json.Nodes.JsonNode.Parse(e.Response.Content)!["message"] ?? "";
        Assert.StartsWith("PodDisruptionBudget.policy \"bad\" is invalid: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, message, StringComparison.Ordinal);
    }
}
