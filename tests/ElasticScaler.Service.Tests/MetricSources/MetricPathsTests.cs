using ElasticScaler.Service.MetricSources;
using LabelSelector = ElasticScaler.Core.Model.LabelSelector;

namespace ElasticScaler.Service.Tests.MetricSources;

/// <summary>The custom and external metrics API paths as client-go's metrics clients send them (HPA's requests).</summary>
public sealed class MetricPathsTests
{
    private static LabelSelector Parse(string text) => LabelSelector.TryParse(text, out var s, out var e) ? s : throw new ArgumentException(e);

    [Fact]
    public void A_pods_metric_asks_for_every_pod_of_the_target_selector_with_the_metric_selector()
    {
        var path = CustomMetricsApi.Path("wordpress", "pods", "*", "http_requests_per_second", Parse("app=wordpress"), Parse("verb=GET"));
        Assert.Equal("/apis/custom.metrics.k8s.io/v1beta2/namespaces/wordpress/pods/*/http_requests_per_second?labelSelector=app%3Dwordpress&metricLabelSelector=verb%3DGET", path);
    }

    [Fact]
    public void An_object_metric_names_the_group_qualified_resource_and_omits_an_empty_metric_selector()
    {
        Assert.Equal("/apis/custom.metrics.k8s.io/v1beta2/namespaces/wordpress/services/wordpress/http_requests_per_second",
            CustomMetricsApi.Path("wordpress", "services", "wordpress", "http_requests_per_second", null, LabelSelector.Everything));
        Assert.Equal("/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/queue_length",
            CustomMetricsApi.Path("shop", "deployments.apps", "web", "queue_length", null, LabelSelector.Everything));
    }

    [Fact]
    public void An_external_metric_is_a_collection_with_the_metric_selector_as_labelSelector()
    {
        Assert.Equal("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth?labelSelector=queue%20in%20%28orders%2Crefunds%29",
            ExternalMetricReader.Path("shop", "queue_depth", Parse("queue in (refunds,orders)")));
        Assert.Equal("/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth", ExternalMetricReader.Path("shop", "queue_depth", LabelSelector.Everything));
    }

    [Fact]
    public void The_secret_fix_names_the_service_account_the_API_server_refused()
    {
        Assert.Equal("monitoring:scaler", SecretReader.ServiceAccountOf(
            "secrets \"prom-token\" is forbidden: User \"system:serviceaccount:monitoring:scaler\" cannot get resource \"secrets\" in API group \"\" in the namespace \"shop\""));
        Assert.Equal("elasticscaler:elasticscaler", SecretReader.ServiceAccountOf("forbidden"));
    }
}
