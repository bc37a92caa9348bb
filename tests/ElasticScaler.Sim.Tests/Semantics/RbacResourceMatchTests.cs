using System.Text.Json.Nodes;
using ElasticScaler.Sim.Auth;

namespace ElasticScaler.Sim.Tests.Semantics;

/// <summary>rbac/v1 ResourceMatches, row by row: what a rule's resources list grants.</summary>
public sealed class RbacResourceMatchTests
{
    public static TheoryData<string, string, string?, bool> Rows => new()
    {
        { "*", "deployments", "scale", true },
        { "deployments", "deployments", null, true },
        { "deployments", "deployments", "scale", false },
        { "deployments/scale", "deployments", "scale", true },
        { "*/scale", "deployments", "scale", true },
        { "*/scale", "widgets", "scale", true },
        { "*/scale", "deployments", "status", false },
        { "*/scale", "deployments", null, false },
        { "deployments/*", "deployments", "scale", false }, // not a wildcard in RBAC
        { "*/status", "elasticscalers", "status", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_rule_grants_what_the_real_authorizer_grants(string rule, string resource, string? subresource, bool granted) =>
        Assert.Equal(granted, RbacAuthorizer.ResourceMatches(new JsonArray(rule), resource, subresource));
}
