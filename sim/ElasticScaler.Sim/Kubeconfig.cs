namespace ElasticScaler.Sim;

/// <summary>Writes a kubeconfig with one cluster, one user (a bearer token) and one current context.</summary>
public static class Kubeconfig
{
    public static string Render(Uri server, string user, string token, string? caData, string? ns = null)
    {
        var lines = new List<string>
        {
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: elasticscaler-sim",
            "  cluster:",
            "    server: " + server.ToString().TrimEnd('/'),
            caData is null ? "" : "    certificate-authority-data: " + caData,
            "users:",
            "- name: " + user,
            "  user:",
            "    token: " + token,
            "contexts:",
            $"- name: {user}@elasticscaler-sim",
            "  context:",
            "    cluster: elasticscaler-sim",
            "    user: " + user,
        };
        if (ns is not null)
            lines.Add("    namespace: " + ns);
        lines.Add($"current-context: {user}@elasticscaler-sim");
        lines.Add("preferences: {}");
        return string.Join('\n', lines.Where(l => l.Length > 0)) + "\n";
    }
}
