using System.Collections.Concurrent;
using ElasticScaler.Sim.Api;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>Which (group, resource, verb) of the scaler's role the scenarios of this test run used.</summary>
public static class RbacUsage
{
    private static readonly ConcurrentDictionary<(string Group, string Resource, string Verb), int> Used = new();

    public static void Record(IEnumerable<AuditRecord> records)
    {
        foreach (var r in records)
            if (r.Code is >= 200 and < 300 or 404 or 409)
                Used.AddOrUpdate((r.Group, r.Subresource is null ? r.Resource : $"{r.Resource}/{r.Subresource}", r.Verb), 1, (_, n) => n + 1);
    }

    public static void Reset() => Used.Clear();

    public static bool WasUsed(string group, string resource, string verb) =>
        Used.Keys.Any(k => (group == "*" || k.Group == group) && Matches(resource, k.Resource) && k.Verb == verb);

    private static bool Matches(string pattern, string resource) =>
        pattern == "*" || pattern == resource || (pattern.StartsWith("*/", StringComparison.Ordinal) && resource.EndsWith(pattern[1..], StringComparison.Ordinal));
}
