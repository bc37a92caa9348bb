using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Tests;

public sealed class ApiRequestCounterTests
{
    public static TheoryData<string, string, string, string> Requests => new()
    {
        { "GET", "/api/v1/pods?limit=500", "list", "pods" },
        { "GET", "/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=12", "watch", "pods" },
        { "GET", "/api/v1/namespaces/shop/pods/web-1", "get", "pods" },
        { "GET", "/api/v1/namespaces", "list", "namespaces" },
        { "GET", "/api/v1/namespaces/shop", "get", "namespaces" },
        { "GET", "/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods", "list", "pods" },
        { "PATCH", "/apis/apps/v1/namespaces/shop/deployments/web/scale", "patch", "deployments/scale" },
        { "PUT", "/apis/autoscaling.elasticscaler.io/v1alpha1/namespaces/shop/elasticscalers/web/status", "update", "elasticscalers/status" },
        { "POST", "/api/v1/namespaces/shop/events", "create", "events" },
        { "DELETE", "/apis/apps/v1/namespaces/shop/deployments/web-eci", "delete", "deployments" },
        { "GET", "/apis/coordination.k8s.io/v1/namespaces/elasticscaler/leases/elasticscaler", "get", "leases" },
        { "GET", "/apis/apps/v1/deployments?watch=1", "watch", "deployments" },
        // The metrics APIs as the apiserver's request-info reads them: a Pods or Object metric is a get, an External one a list.
        { "GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/pods/*/http_requests_per_second?labelSelector=app%3Dweb", "get", "pods/http_requests_per_second" },
        { "GET", "/apis/custom.metrics.k8s.io/v1beta2/namespaces/shop/deployments.apps/web/queue_length", "get", "deployments.apps/queue_length" },
        { "GET", "/apis/external.metrics.k8s.io/v1beta1/namespaces/shop/queue_depth?labelSelector=queue%3Dorders", "list", "queue_depth" },
        { "GET", "/api/v1/namespaces/shop/secrets/prom-token", "get", "secrets" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void A_request_is_counted_under_its_RBAC_verb_and_resource(string method, string path, string verb, string resource)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri("https://127.0.0.1:6443" + path));
        Assert.Equal(verb, ApiRequestCounter.VerbOf(request));
        Assert.Equal(resource, ApiRequestCounter.ResourceOf(request.RequestUri));
    }
}
