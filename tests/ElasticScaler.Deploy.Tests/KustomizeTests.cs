using System.CommandLine;
using System.Text.Json.Nodes;
using ElasticScaler.Autoscaler.Run;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Options;
using Microsoft.Extensions.Configuration;

namespace ElasticScaler.Deploy.Tests;

/// <summary>
/// deploy/ as kustomize builds it: the base holds everything the service needs and runs it hardened; the overlays
/// change what they say and nothing else; every option they set is one the service reads and accepts.
/// </summary>
public sealed class KustomizeTests
{
    private static List<JsonObject> Base()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        return Kubectl.Kustomize("deploy");
    }

    private static string Names(IEnumerable<JsonObject> objects) =>
        string.Join(", ", objects.Select(o => $"{o["kind"]}/{o["metadata"]?["namespace"]}/{o["metadata"]?["name"]}").Order(StringComparer.Ordinal));

    [SkippableFact]
    public void The_base_is_the_namespace_crd_rbac_and_the_service_with_its_metrics_service_and_budget()
    {
        var objects = Base();
        var names = Names(objects).Split(", ");
        foreach (var expected in new[]
        {
            "ClusterRole//elasticscaler", "ClusterRoleBinding//elasticscaler", "CustomResourceDefinition//elasticscalers.autoscaling.elasticscaler.io",
            "Deployment/elasticscaler/elasticscaler", "Namespace//elasticscaler", "PodDisruptionBudget/elasticscaler/elasticscaler",
            "Role/elasticscaler/elasticscaler-leader-election", "RoleBinding/elasticscaler/elasticscaler-leader-election",
            "Service/elasticscaler/elasticscaler-metrics", "ServiceAccount/elasticscaler/elasticscaler",
        })
            Assert.Contains(expected, names);
        // Nothing that needs more than a plain cluster: the ServiceMonitor is deploy/monitoring's.
        Assert.All(objects, o => Assert.DoesNotContain("monitoring.coreos.com", (string?)o["apiVersion"] ?? "", StringComparison.Ordinal));
        // The roles are deploy/rbac's files, the ones the integration tests run every scenario under.
        var role = Yaml.Documents(File.ReadAllText(Repo.Path("deploy", "rbac", "cluster-role.yaml"))).Single(o => (string?)o["kind"] == "ClusterRole");
        Assert.True(JsonNode.DeepEquals(role["rules"], Built.One(objects, "ClusterRole", "elasticscaler")["rules"]));
    }

    [SkippableFact]
    public void Every_manifest_in_a_base_folder_is_listed_in_its_kustomization()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        foreach (var folder in new[] { "crd", "rbac", "manager" })
        {
            // "Kustomization", not kustomization.yaml, so that kubectl apply -f deploy/<folder> still applies the folder.
            Assert.False(File.Exists(Repo.Path("deploy", folder, "kustomization.yaml")), $"deploy/{folder}/kustomization.yaml would be applied as an object by kubectl apply -f deploy/{folder}");
            var listed = Yaml.Documents(File.ReadAllText(Repo.Path("deploy", folder, "Kustomization")))[0]["resources"]!.AsArray().Select(r => (string)r!).ToHashSet();
            foreach (var file in Directory.EnumerateFiles(Repo.Path("deploy", folder), "*.yaml").Select(Path.GetFileName))
                Assert.True(listed.Contains(file!), $"deploy/{folder}/{file} is not in deploy/{folder}/Kustomization, so kubectl apply -k deploy/ leaves it out: add it there");
        }
    }

    [SkippableFact]
    public void The_service_runs_as_a_leader_elected_pair_hardened_and_probed()
    {
        var objects = Base();
        var deployment = Built.One(objects, "Deployment", "elasticscaler");
        var pod = deployment["spec"]!["template"]!["spec"]!.AsObject();
        var container = Built.Container(objects);
        Assert.Equal(2, (long?)deployment["spec"]!["replicas"]);
        Assert.Equal(["run", "--leader-elect"], Built.Args(container));
        Assert.Equal("elasticscaler", (string?)pod["serviceAccountName"]);
        Assert.StartsWith("ghcr.io/elasticscaler/elasticscaler:", (string?)container["image"], StringComparison.Ordinal);

        Assert.Equal((true, 1654L, "RuntimeDefault"), ((bool?)pod["securityContext"]!["runAsNonRoot"], (long?)pod["securityContext"]!["runAsUser"], (string?)pod["securityContext"]!["seccompProfile"]!["type"]));
        var sc = container["securityContext"]!;
        Assert.Equal((false, true), ((bool?)sc["allowPrivilegeEscalation"], (bool?)sc["readOnlyRootFilesystem"]));
        Assert.Equal(["ALL"], sc["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        // A read-only root needs a writable /tmp for the runtime's diagnostics socket.
        var tmp = container["volumeMounts"]!.AsArray().Single(m => (string?)m!["mountPath"] == "/tmp")!;
        Assert.NotNull(pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)tmp["name"])!["emptyDir"]);

        foreach (var kind in new[] { "requests", "limits" })
            Assert.True(container["resources"]![kind]!["cpu"] is not null && container["resources"]![kind]!["memory"] is not null, $"{kind} must name cpu and memory");
        Assert.Equal(("/healthz", "metrics"), ((string?)container["livenessProbe"]!["httpGet"]!["path"], (string?)container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.Equal(("/readyz", "metrics"), ((string?)container["readinessProbe"]!["httpGet"]!["path"], (string?)container["readinessProbe"]!["httpGet"]!["port"]));
        var port = container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "metrics")!;
        Assert.Equal(new ControllerOptions().MetricsPort, (int)(long)port["containerPort"]!);

        var spread = pod["topologySpreadConstraints"]!.AsArray().Single(t => (string?)t!["topologyKey"] == "kubernetes.io/hostname")!;
        Assert.Equal(("DoNotSchedule", 1L), ((string?)spread["whenUnsatisfiable"], (long?)spread["maxSkew"]));
        Assert.True(JsonNode.DeepEquals(deployment["spec"]!["selector"]!["matchLabels"], spread["labelSelector"]!["matchLabels"]));
    }

    [SkippableFact]
    public void The_metrics_service_and_the_budget_select_the_services_pods()
    {
        var objects = Base();
        var podLabels = Built.One(objects, "Deployment", "elasticscaler")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        bool Selects(JsonNode? selector) => selector!.AsObject().All(kv => Built.Text(podLabels[kv.Key]) == Built.Text(kv.Value));

        var service = Built.One(objects, "Service", "elasticscaler-metrics");
        Assert.True(Selects(service["spec"]!["selector"]));
        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal(("metrics", "metrics"), ((string?)port["name"], (string?)port["targetPort"]));

        var pdb = Built.One(objects, "PodDisruptionBudget");
        Assert.Equal("policy/v1", (string?)pdb["apiVersion"]);
        Assert.Equal(1, (long?)pdb["spec"]!["minAvailable"]);
        Assert.True(Selects(pdb["spec"]!["selector"]!["matchLabels"]));
    }

    [SkippableFact]
    public void The_deployments_args_and_env_are_options_the_service_accepts()
    {
        foreach (var dir in new[] { new[] { "deploy" }, ["deploy", "overlays", "ack"], ["deploy", "overlays", "dev"] })
        {
            Skip.If(Kubectl.Find() is null, Kubectl.Missing);
            var container = Built.Container(Kubectl.Kustomize(dir));
            var (options, errors) = Options(container);
            Assert.True(errors.Count == 0, $"{string.Join('/', dir)}: {string.Join("; ", errors)}");
            Assert.NotNull(options);
        }
    }

    [SkippableFact]
    public void The_ack_overlay_sets_the_eci_defaults_explicitly_and_changes_nothing_else()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        var ack = Kubectl.Kustomize("deploy", "overlays", "ack");
        var container = Built.Container(ack);
        var env = Built.Env(container, "p", "elasticscaler");
        foreach (var name in new[] { "EciNodeSelector", "EciTolerations", "EciPodLabels", "EciPodLabelsWhen" })
            Assert.True(env.ContainsKey("ELASTICSCALER_Controller__" + name), $"the ack overlay must set {name}");

        var (o, _) = Options(container);
        // ACK's virtual node, as the built-in defaults say; labelled always, since this is ACK.
        var defaults = EciPodDefaults.Ack;
        Assert.Equal(defaults.NodeSelector, o!.EciNodeSelector);
        Assert.Equal(defaults.Tolerations, o.EciTolerations);
        Assert.Equal(defaults.PodLabels, o.EciPodLabels);
        Assert.Equal(EciPodLabelsWhen.Always, o.EciPodLabelsWhen);

        // Everything but that env is the base's.
        var baseObjects = Kubectl.Kustomize("deploy");
        var withoutEci = (JsonObject)Built.One(ack, "Deployment").DeepClone();
        var envList = withoutEci["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        foreach (var e in envList.Where(e => ((string)e!["name"]!).StartsWith("ELASTICSCALER_Controller__Eci", StringComparison.Ordinal)).ToList()) envList.Remove(e);
        Assert.True(JsonNode.DeepEquals(Built.One(baseObjects, "Deployment"), withoutEci), "the ack overlay changed more than the ECI env");
        Assert.Equal(Names(baseObjects), Names(ack));
    }

    [SkippableFact]
    public void The_dev_overlay_runs_one_dry_run_replica_with_debug_logs_and_no_leader_election()
    {
        Skip.If(Kubectl.Find() is null, Kubectl.Missing);
        var dev = Kubectl.Kustomize("deploy", "overlays", "dev");
        Assert.Equal(1, (long?)Built.One(dev, "Deployment")["spec"]!["replicas"]);
        Assert.Null(Built.Find(dev, "PodDisruptionBudget")); // one replica must be drainable
        var (o, _) = Options(Built.Container(dev));
        Assert.Equal((true, false, Microsoft.Extensions.Logging.LogLevel.Debug), (o!.DryRun, o.LeaderElect, o.LogLevel));
    }

    /// <summary>The container's args through the run command's parser and its env and flags through the service's binder and validator, as the process reads them.</summary>
    private static (ControllerOptions? Options, List<string> Errors) Options(JsonObject container)
    {
        var args = Built.Args(container);
        Assert.Equal("run", args[0]);
        var root = new RootCommand();
        root.Subcommands.Add(RunCommand.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return (null, [.. parsed.Errors.Select(e => e.Message)]);

        // Flags as RunCommand passes them on: "--log-level debug" is Controller:LogLevel=debug; a switch is true.
        var config = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in Built.Env(container, "elasticscaler-0", "elasticscaler"))
            if (key.StartsWith("ELASTICSCALER_", StringComparison.Ordinal)) config[key["ELASTICSCALER_".Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
        var run = parsed.CommandResult.Command;
        for (int i = 1; i < args.Count; i++)
        {
            var flag = run.Options.Single(o => o.Name == args[i]);
            var value = flag is Option<bool> ? "true" : args[++i];
            // --log-level is option LogLevel: the binder's Flag() read backwards.
            var option = string.Concat(flag.Name.TrimStart('-').Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
            Assert.Equal(flag.Name, ControllerOptionsBinder.Flag(option));
            config[$"{ControllerOptions.Section}:{option}"] = value;
        }
        var o = new ControllerOptions();
        new ControllerOptionsBinder(new ConfigurationBuilder().AddInMemoryCollection(config).Build()).Configure(o);
        var result = new ControllerOptionsValidator().Validate(null, o);
        return (o, result.Failed ? [.. result.Failures] : []);
    }
}
