using System.Text;
using System.Text.Json.Nodes;
using ElasticScaler.Sim;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>
/// The Prometheus source against loopback stubs, on the scenario's fake clock: credentials from Secrets, custom
/// headers, one request per distinct query of a sync, TLS with a CA from a Secret, and each failure with its own reason.
/// </summary>
public sealed class PrometheusSourceTests
{
    private const string Token = "s3cr3t-token";

    private static JsonObject Scaler(params JsonObject[] metrics)
    {
        var es = Scalers.Seed(min: 2, max: 60, behavior: new JsonObject { ["scaleDown"] = new JsonObject { ["stabilizationWindowSeconds"] = 0 } });
        es["spec"]!.AsObject().Remove("placement");
        es["spec"]!["metrics"] = new JsonArray(metrics);
        return es;
    }

    private static JsonObject Metric(Uri server, string query, JsonObject? extra = null) =>
        PrometheusLiveTests.PrometheusMetric(server, query, averageValue: "25", extra);

    private static JsonObject Key(string name, string key) => new() { ["name"] = name, ["key"] = key };

    private static void Secret(Scenario s, string name, Dictionary<string, string> data)
    {
        var type = s.Cluster.Api.Registry.FindByKind("v1", "Secret")!;
        var encoded = new JsonObject();
        foreach (var (k, v) in data) encoded[k] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v));
        s.Api.Create(type, Scenario.Ns, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = encoded });
    }

    /// <summary>What deploy/rbac/secret-reader.yaml tells a namespace to run: the ClusterRole, bound in that namespace only.</summary>
    private static void BindSecretReader(Scenario s)
    {
        Manifests.Apply(s.Cluster, Manifests.Path("deploy", "rbac", "secret-reader.yaml"));
        var type = s.Cluster.Api.Registry.FindByKind("rbac.authorization.k8s.io/v1", "RoleBinding")!;
        s.Api.Create(type, Scenario.Ns, new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "RoleBinding",
            ["metadata"] = new JsonObject { ["name"] = "elasticscaler-secret-reader" },
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "elasticscaler-secret-reader" },
            ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "elasticscaler", ["namespace"] = "elasticscaler" }),
        });
    }

    private static (string? Status, string? Reason, string? Message) Condition(Scenario s, string type)
    {
        var c = s.Scaler("wordpress")?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == type);
        return ((string?)c?["status"], (string?)c?["reason"], (string?)c?["message"]);
    }

    private static List<string> WarningTexts(Scenario s) => [.. s.Events("FailedGetPrometheusMetric").Select(e => (string)e["message"]!)];

    [Fact]
    public async Task A_token_basic_credentials_and_a_tenant_header_reach_Prometheus_identical_queries_go_once_and_no_secret_leaks()
    {
        await using var stub = await PrometheusStub.StartAsync();
        await using var s = await Scenario.StartAsync();
        BindSecretReader(s);
        Secret(s, "prom-token", new() { ["token"] = Token + "\n" }); // made from a file: the final newline is not part of the token
        Secret(s, "prom-basic", new() { ["username"] = "scaler", ["password"] = "pa55-word" });
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("scaler:pa55-word"));
        stub.Answer = (r, _) => Task.FromResult((r.Path, r.Header("Authorization"), r.Header("X-Scope-OrgID")) switch
        {
            ("/api/v1/query", "Bearer " + Token, "tenant-a") => (200, PrometheusStub.Vector("200", s.Time.GetUtcNow(), "100")),
            ("/api/v1/query", "Bearer " + Token, "tenant-b") => (200, PrometheusStub.Vector("100", s.Time.GetUtcNow())),
            ("/basic/api/v1/query", var a, null) when a == basic => (200, PrometheusStub.Vector("50", s.Time.GetUtcNow())),
            _ => (401, "Unauthorized"),
        });
        var bearer = new JsonObject { ["bearerTokenSecret"] = Key("prom-token", "token"), ["headers"] = new JsonObject { ["X-Scope-OrgID"] = "tenant-a" } };
        var tenantB = new JsonObject { ["bearerTokenSecret"] = Key("prom-token", "token"), ["headers"] = new JsonObject { ["X-Scope-OrgID"] = "tenant-b" } };
        var basicAuth = new JsonObject { ["basicAuth"] = new JsonObject { ["username"] = Key("prom-basic", "username"), ["password"] = Key("prom-basic", "password") } };
        const string query = "sum(rate(demo_requests_total[1m])) by (pod)";
        s.Apply(Scaler(Metric(stub.Address, query, bearer), Metric(stub.Address, query, bearer), Metric(stub.Address, query, tenantB),
            Metric(new Uri(stub.Address, "/basic"), query, basicAuth)));
        await s.RunAsync(TimeSpan.FromSeconds(40));

        // Tenant a's two series sum to 300: 300 / 25 = 12 replicas, the largest proposal (tenant b: 4, basic: 2).
        Assert.Equal(12, s.Replicas(Scenario.App));
        Assert.Equal(("True", "ValidMetricFound"), (Condition(s, "ScalingActive").Status, Condition(s, "ScalingActive").Reason));
        var requests = stub.Requests.ToList();
        var a = requests.Count(r => r.Header("X-Scope-OrgID") == "tenant-a");
        var b = requests.Count(r => r.Header("X-Scope-OrgID") == "tenant-b");
        Assert.True(a >= 2 && a == b, $"tenant a {a}, tenant b {b}: the two identical tenant-a metrics of a sync share one request");
        Assert.All(requests, r => Assert.Equal(query, r.Query["query"]));
        Assert.All(requests, r => Assert.Equal("5000ms", r.Query["timeout"]));
        Assert.DoesNotContain(requests, r => r.Header("Authorization") is null);

        // The credentials appear nowhere a user or a scrape can read.
        var everything = s.Scaler("wordpress")!.ToJsonString() + string.Join("", s.Events().Select(e => e.ToJsonString())) + await s.Service.Metrics.ExportAsync(default);
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55-word", everything, StringComparison.Ordinal);
        // Secrets are read with GET only, at most once per sync period.
        var secretReads = s.Requests().Where(r => r.Resource == "secrets").ToList();
        Assert.All(secretReads, r => Assert.Equal("get", r.Verb));
        Assert.InRange(secretReads.Count, 2, 2 * 4);
    }

    [Fact]
    public async Task Each_failure_gives_its_own_reason_a_failed_metric_blocks_a_scale_down_but_not_a_scale_up()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = SelfSignedCertificate.Create(now);
        await using var plain = await PrometheusStub.StartAsync();
        await using var tls = await PrometheusStub.StartAsync(certificate);
        await using var s = await Scenario.StartAsync();
        BindSecretReader(s);
        Secret(s, "prom-ca", new() { ["ca.crt"] = certificate.ExportCertificatePem() });
        Secret(s, "prom-token", new() { ["token"] = Token });
        var value = "200";
        plain.Answer = async (r, ct) =>
        {
            if (r.Path.StartsWith("/slow", StringComparison.Ordinal)) await Task.Delay(Timeout.Infinite, ct);
            if (r.Path.StartsWith("/stale", StringComparison.Ordinal)) return (200, PrometheusStub.Vector("1", s.Time.GetUtcNow().AddMinutes(-10)));
            return (200, PrometheusStub.Vector(value, s.Time.GetUtcNow()));
        };
        tls.Answer = (_, _) => Task.FromResult((200, PrometheusStub.Vector(value, s.Time.GetUtcNow())));
        var https = new Uri($"https://127.0.0.1:{tls.Address.Port}");
        var ca = new JsonObject { ["caSecret"] = Key("prom-ca", "ca.crt") };
        s.Apply(Scaler(
            Metric(new Uri(plain.Address, "/slow"), "up", new JsonObject { ["timeout"] = "2s" }),
            Metric(https, "up"),
            Metric(https, "up", new JsonObject { ["tls"] = ca }),
            Metric(https, "up", new JsonObject { ["tls"] = new JsonObject { ["caSecret"] = Key("prom-ca", "ca.crt"), ["serverName"] = "prometheus.monitoring.svc" } }),
            Metric(https, "up", new JsonObject { ["tls"] = new JsonObject { ["caSecret"] = Key("prom-ca", "ca.crt"), ["serverName"] = "localhost" } }),
            Metric(plain.Address, "up", new JsonObject { ["bearerTokenSecret"] = Key("prom-token", "nope") }),
            Metric(new Uri(plain.Address, "/stale"), "up")));
        await s.RunAsync(TimeSpan.FromSeconds(40));

        var warnings = WarningTexts(s);
        Assert.Contains(warnings, w => w.EndsWith($"no answer from Prometheus at {plain.Address.ToString().TrimEnd('/')}/slow within 2s (spec.metrics[0].prometheus.timeout)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"cannot reach Prometheus at {https.ToString().TrimEnd('/')}: TLS handshake failed: ", StringComparison.Ordinal)
            && w.Contains("UntrustedRoot", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.EndsWith("TLS handshake failed: the certificate does not carry the name \"prometheus.monitoring.svc\": RemoteCertificateNameMismatch (set tls.serverName to a name it carries)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.EndsWith("spec.metrics[5].prometheus.bearerTokenSecret: Secret wordpress/prom-token has no key \"nope\" (its keys: token)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("the sample is stamped", StringComparison.Ordinal) && w.Contains("stamped 10m before this service's clock (staleAfter 2m)", StringComparison.Ordinal));
        Assert.Equal(5, warnings.Count);
        foreach (var (reason, at) in new[] { ("timeout", 1), ("tls", 2), ("notfound", 1), ("stale", 1) })
            Assert.True(s.Service.Metrics.MetricSourceErrors.WithLabels("prometheus", reason).Value >= at, reason);

        // The trusted ones read 200 / 25 = 8, below the 22 running: with metrics failing beside them, no scale-down.
        Assert.Equal(22, s.Replicas(Scenario.App));
        Assert.Equal(("False", "FailedGetPrometheusMetric"), (Condition(s, "ScalingActive").Status, Condition(s, "ScalingActive").Reason));
        Assert.Contains("no answer from Prometheus", Condition(s, "ScalingActive").Message);

        // 1000 / 25 = 40 is a scale-up: the failures do not hold it back.
        value = "1000";
        await s.RunAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(40, s.Replicas(Scenario.App));
    }

    [Fact]
    public async Task A_Secret_the_service_may_not_read_names_the_rolebinding_that_lets_it_and_binding_it_recovers()
    {
        await using var stub = await PrometheusStub.StartAsync();
        await using var s = await Scenario.StartAsync();
        s.ForbiddenExpected.Add("secrets");
        Secret(s, "prom-token", new() { ["token"] = Token });
        stub.Answer = (r, _) => Task.FromResult(r.Header("Authorization") == "Bearer " + Token ? (200, PrometheusStub.Vector("100", s.Time.GetUtcNow())) : (401, "Unauthorized"));
        s.Apply(Scaler(Metric(stub.Address, "up", new JsonObject { ["bearerTokenSecret"] = Key("prom-token", "token") })));
        await s.RunAsync(TimeSpan.FromSeconds(20));

        var (status, reason, message) = Condition(s, "ScalingActive");
        Assert.Equal(("False", "FailedGetPrometheusMetric"), (status, reason));
        Assert.EndsWith("spec.metrics[0].prometheus.bearerTokenSecret: the service may not read Secrets in namespace wordpress; let it with " +
            "kubectl create rolebinding elasticscaler-secret-reader --clusterrole=elasticscaler-secret-reader --serviceaccount=elasticscaler:elasticscaler -n wordpress", message);
        Assert.Empty(stub.Requests); // nothing is sent without the credentials it names
        Assert.True(s.Service.Metrics.MetricSourceErrors.WithLabels("prometheus", "forbidden").Value >= 1);

        BindSecretReader(s);
        await s.RunAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(("True", "ValidMetricFound"), (Condition(s, "ScalingActive").Status, Condition(s, "ScalingActive").Reason));
        Assert.Equal(4, s.Replicas(Scenario.App)); // 100 / 25
    }
}
