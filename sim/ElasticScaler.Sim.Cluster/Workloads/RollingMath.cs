using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ElasticScaler.Sim.Cluster.Workloads;

/// <summary>The Deployment controller's arithmetic: maxSurge/maxUnavailable resolution and the pod-template hash.</summary>
public static class RollingMath
{
    /// <summary>
    /// deploymentutil.ResolveFenceposts: surge rounds up, unavailable rounds down; if both come out 0, unavailable is 1.
    /// Defaults are 25% each. A bad value throws naming the field.
    /// </summary>
    public static (int Surge, int Unavailable) Fenceposts(JsonNode? maxSurge, JsonNode? maxUnavailable, int replicas)
    {
        var surge = Resolve(maxSurge ?? "25%", replicas, roundUp: true, "spec.strategy.rollingUpdate.maxSurge");
        var unavailable = Resolve(maxUnavailable ?? "25%", replicas, roundUp: false, "spec.strategy.rollingUpdate.maxUnavailable");
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    private static int Resolve(JsonNode value, int total, bool roundUp, string field)
    {
        if (value is JsonValue v && v.TryGetValue<int>(out var i))
            return i;
        var s = value.ToString();
        if (s.EndsWith('%') && int.TryParse(s[..^1], CultureInfo.InvariantCulture, out var pct))
        {
            var exact = pct * (decimal)total / 100m;
            return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
        }
        if (int.TryParse(s, CultureInfo.InvariantCulture, out var n))
            return n;
        throw new ArgumentException($"{field}: '{s}' is neither an integer nor a percentage like \"25%\"");
    }

    /// <summary>A stable hash of the pod template (keys sorted, so a reordering patch is no rollout), in the safe alphabet the real hash uses.</summary>
    public static string TemplateHash(JsonNode? template, int collisionCount = 0)
    {
        var text = Canonical(template) + "/" + collisionCount.ToString(CultureInfo.InvariantCulture);
        var h = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            h = (h ^ b) * 16777619u;
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var sb = new StringBuilder();
        var x = (ulong)h;
        do
        {
            sb.Append(alphabet[(int)(x % (ulong)alphabet.Length)]);
            x /= (ulong)alphabet.Length;
        }
        while (sb.Length < 10 && x > 0);
        return sb.ToString();
    }

    public static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => "\"" + p.Key + "\":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };
}
