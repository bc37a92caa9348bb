using k8s.Models;

namespace ElasticScaler.Sim.Tests.Client;

/// <summary>Minimal valid objects of the kinds the conformance tests write.</summary>
public static class Objects
{
    public static V1ObjectMeta Meta(string name, string? ns = null, IDictionary<string, string>? labels = null) =>
        new() { Name = name, NamespaceProperty = ns, Labels = labels };

    public static V1Deployment Deployment(string name, int replicas = 2, string app = "web") => new()
    {
        Metadata = Meta(name, labels: new Dictionary<string, string> { ["app"] = app }),
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] },
            },
        },
    };

    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, string? nodeName = null) => new()
    {
        Metadata = Meta(name, labels: labels),
        Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };

    public static V1OwnerReference Owner(IMetadata<V1ObjectMeta> owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
