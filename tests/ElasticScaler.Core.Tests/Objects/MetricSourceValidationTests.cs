using System.Text.Json;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.Validation;

namespace ElasticScaler.Core.Tests.Objects;

/// <summary>The metric sources' fields, bound through the one mapping and checked: every bad field named with its fix.</summary>
public sealed class MetricSourceValidationTests
{
    private static ScalerSpec Spec(string metric)
    {
        using var doc = JsonDocument.Parse($$$"""
            {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "wordpress"}, "minReplicas": 2, "maxReplicas": 10,
             "metrics": [{{{metric}}}]}
            """);
        var read = KubernetesObjects.ScalerSpec(doc.RootElement);
        Assert.True(read.Success, string.Join("; ", read.Errors));
        return read.Value!;
    }

    private static IReadOnlyList<string> Errors(string metric) => SpecValidator.Validate(Spec(metric));

    private const string Target = """ "target": {"type": "AverageValue", "averageValue": "10"} """;

    [Fact]
    public void Every_Prometheus_field_binds()
    {
        var p = Spec($$$$"""
            {"type": "Prometheus", "prometheus": {"serverAddress": "https://prometheus.monitoring:9090", "query": "sum(up)", {{{{Target}}}},
              "timeout": "3s", "staleAfter": "1m", "headers": {"X-Scope-OrgID": "tenant-a"},
              "basicAuth": {"username": {"name": "prom-basic", "key": "username"}, "password": {"name": "prom-basic", "key": "password"}},
              "tls": {"caSecret": {"name": "prom-ca", "key": "ca.crt"}, "serverName": "prometheus.monitoring.svc"}}}
            """).Metrics[0].Prometheus!;
        Assert.Equal(("3s", "1m", "tenant-a"), (p.Timeout, p.StaleAfter, p.Headers!["X-Scope-OrgID"]));
        Assert.Equal(("prom-basic", "password"), (p.BasicAuth!.Password.Name, p.BasicAuth.Password.Key));
        Assert.Equal(("prom-ca", "ca.crt", "prometheus.monitoring.svc", false), (p.Tls!.CaSecret!.Name, p.Tls.CaSecret.Key, p.Tls.ServerName, p.Tls.InsecureSkipVerify));
        Assert.Empty(SpecValidator.Validate(Spec($$$$"""{"type": "Prometheus", "prometheus": {"serverAddress": "https://p:9090", "query": "up", {{{{Target}}}}, "bearerTokenSecret": {"name": "prom-token", "key": "token"}}}""")));
    }

    [Theory]
    [InlineData(""" "serverAddress": "prometheus:9090", "query": "up" """, "spec.metrics[0].prometheus.serverAddress: \"prometheus:9090\": must be an http:// or https:// URL")]
    [InlineData(""" "serverAddress": "http://user:pw@prometheus:9090", "query": "up" """, "spec.metrics[0].prometheus.serverAddress: \"http://user:pw@prometheus:9090\": must be an http:// or https:// URL without query, fragment or credentials")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": " " """, "spec.metrics[0].prometheus.query: required: a PromQL instant query")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "timeout": "0s" """, "spec.metrics[0].prometheus.timeout: \"0s\": must be longer than 0")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "staleAfter": "later" """, "spec.metrics[0].prometheus.staleAfter: \"later\": must be a duration such as")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "headers": {"Authorization": "Bearer x"} """, "spec.metrics[0].prometheus.headers.Authorization: must not be set here: a credential in the spec is readable by anyone who can read the ElasticScaler; use bearerTokenSecret or basicAuth")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "headers": {"X Tenant": "a"} """, "spec.metrics[0].prometheus.headers: \"X Tenant\": must be an HTTP header name")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "bearerTokenSecret": {"name": "t", "key": "token"}, "basicAuth": {"username": {"name": "b", "key": "u"}, "password": {"name": "b", "key": "p"}} """, "spec.metrics[0].prometheus.basicAuth: set either bearerTokenSecret or basicAuth, not both")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "bearerTokenSecret": {"name": "Prom_Token", "key": "token"} """, "spec.metrics[0].prometheus.bearerTokenSecret.name: \"Prom_Token\": must be a Secret name")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "bearerTokenSecret": {"name": "t", "key": "a/b"} """, "spec.metrics[0].prometheus.bearerTokenSecret.key: \"a/b\": must be a key of the Secret's data")]
    [InlineData(""" "serverAddress": "http://p:9090", "query": "up", "tls": {"insecureSkipVerify": true} """, "spec.metrics[0].prometheus.tls: applies only to an https:// serverAddress")]
    [InlineData(""" "serverAddress": "https://p:9090", "query": "up", "tls": {"caSecret": {"name": "ca", "key": "ca.crt"}, "insecureSkipVerify": true} """, "spec.metrics[0].prometheus.tls.insecureSkipVerify: true: excludes caSecret")]
    public void A_bad_Prometheus_field_is_named_with_its_fix(string fields, string expected)
    {
        var errors = Errors($$$"""{"type": "Prometheus", "prometheus": { {{{fields}}}, {{{Target}}} }}""");
        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type": "Pods", "pods": {"metric": {"name": "rps", "selector": {"matchExpressions": [{"key": "verb", "operator": "Equals", "values": ["GET"]}]}}, "target": {"type": "AverageValue", "averageValue": "1"}}}""",
        "spec.metrics[0].pods.metric.selector: matchExpressions[0].operator: \"Equals\": must be one of In, NotIn, Exists, DoesNotExist")]
    [InlineData("""{"type": "External", "external": {"metric": {"name": "queue_depth", "selector": {"matchLabels": {"queue": "orders/eu"}}}, "target": {"type": "Value", "value": "1"}}}""",
        "spec.metrics[0].external.metric.selector: matchLabels.queue: \"orders/eu\": a valid label must be an empty string")]
    [InlineData("""{"type": "Object", "object": {"describedObject": {"kind": "Service", "name": ""}, "metric": {"name": "rps"}, "target": {"type": "Value", "value": "1"}}}""",
        "spec.metrics[0].object.describedObject.name: required")]
    public void A_bad_metric_selector_or_described_object_is_named(string metric, string expected)
    {
        Assert.Contains(Errors(metric), e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
