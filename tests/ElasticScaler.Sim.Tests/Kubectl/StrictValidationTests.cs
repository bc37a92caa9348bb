using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ElasticScaler.Sim.Tests.Kubectl;

/// <summary>
/// kubectl's default <c>--validate=strict</c> against the sim: kubectl finds fieldValidation in the OpenAPI document,
/// sends <c>fieldValidation=Strict</c>, and the sim refuses a field the kind does not have, on create and on patch,
/// as a v1.32 apiserver does; <c>--validate=false</c> (Ignore) drops it. And policy/v1 PodDisruptionBudget as kubectl shows it.
/// </summary>
public sealed class StrictValidationTests(SimFixture fx) : IClassFixture<SimFixture>
{
    private KubectlRunner K()
    {
        Skip.If(KubectlRunner.Find() is null, "kubectl is not on PATH; these tests need the real kubectl (v1.32)");
        return new KubectlRunner(fx.Sim.AdminKubeconfigPath, fx.CacheDir);
    }

    private static KubectlResult Ok(KubectlResult r)
    {
        Assert.True(r.ExitCode == 0, $"kubectl exited {r.ExitCode}: {r.Output}");
        return r;
    }

    private string Namespace(KubectlRunner k)
    {
        var ns = "sv-" + Guid.NewGuid().ToString("N")[..8];
        Ok(k.Run("create", "namespace", ns));
        return ns;
    }

    private static string Deployment(string ns, string containerExtra = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {"{"}name: web, namespace: {ns}{"}"}
        spec:
          selector: {"{"}matchLabels: {"{"}app: web{"}"}{"}"}
          template:
            metadata: {"{"}labels: {"{"}app: web{"}"}{"}"}
            spec:
              containers:
              - name: web
                image: nginx:1.27
        {containerExtra}
        """;

    private KubectlResult Apply(KubectlRunner k, string yaml, params string[] extra) =>
        k.RunWith(fx.Sim.AdminKubeconfigPath, yaml, ["apply", "-f", "-", .. extra]);

    [SkippableFact]
    public void Apply_refuses_an_unknown_field_of_a_built_in_kind_naming_its_path()
    {
        var k = K();
        var ns = Namespace(k);
        var r = Apply(k, Deployment(ns, "        imagePullPolicyy: Always"));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"", r.Stderr);
        Assert.NotEqual(0, k.Run("get", "deployment", "web", "-n", ns).ExitCode); // nothing was created
    }

    [SkippableFact]
    public void A_patch_through_apply_is_decoded_strictly_too()
    {
        var k = K();
        var ns = Namespace(k);
        Ok(Apply(k, Deployment(ns)));
        var r = Apply(k, Deployment(ns, "        securityContext: {runAsNonroot: true}"));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("strict decoding error: unknown field \"spec.template.spec.containers[0].securityContext.runAsNonroot\"", r.Stderr);
        Ok(Apply(k, Deployment(ns, "        securityContext: {runAsNonRoot: true}")));
    }

    [SkippableFact]
    public void Validate_false_sends_Ignore_and_the_unknown_field_is_dropped()
    {
        var k = K();
        var ns = Namespace(k);
        Ok(Apply(k, Deployment(ns, "        imagePullPolicyy: Always"), "--validate=false"));
        var container = JsonNode.Parse(Ok(k.Run("get", "deployment", "web", "-n", ns, "-o", "json")).Stdout)!["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        Assert.Equal("nginx:1.27", (string?)container["image"]);
        Assert.False(container.ContainsKey("imagePullPolicyy"));
    }

    [SkippableFact]
    public void A_disruption_budget_applies_and_prints_its_columns()
    {
        var k = K();
        var ns = Namespace(k);
        Assert.Matches(new Regex(@"^poddisruptionbudgets\s+pdb\s+policy/v1\s+true\s+PodDisruptionBudget$", RegexOptions.Multiline), Ok(k.Run("api-resources")).Stdout);
        Ok(Apply(k, $$$"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web, namespace: {{{ns}}}}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: web}}
            """));
        var lines = Ok(k.Run("get", "pdb", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], Regex.Split(lines[0].Trim(), @"\s{2,}"));
        Assert.Equal(["web", "1", "N/A", "0"], Regex.Split(lines[1].Trim(), @"\s{2,}")[..4]);

        var typo = Apply(k, $$$"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: typo, namespace: {{{ns}}}}
            spec: {minAvailable: 1, maxUnavialable: 1}
            """);
        Assert.Contains("strict decoding error: unknown field \"spec.maxUnavialable\"", typo.Stderr);
    }
}
