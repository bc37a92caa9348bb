namespace ElasticScaler.Sim.Auth;

/// <summary>An authenticated user: name and groups, as a bearer token maps to it.</summary>
public sealed record Identity(string User, IReadOnlyList<string> Groups)
{
    public const string ScalerUser = "system:serviceaccount:elasticscaler:elasticscaler";

    public static Identity Admin { get; } = new("kubernetes-admin", ["system:masters", "system:authenticated"]);

    public static Identity ServiceAccount(string ns, string name) =>
        new($"system:serviceaccount:{ns}:{name}", ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"]);

    public bool IsMaster => Groups.Contains("system:masters");
}

/// <summary>Bearer tokens to identities; one token per kubeconfig, more can be added by tests.</summary>
public sealed class TokenAuthenticator
{
    private readonly Dictionary<string, Identity> _tokens = [];
    private readonly object _gate = new();

    public void Add(string token, Identity identity)
    {
        lock (_gate)
            _tokens[token] = identity;
    }

    public Identity? Authenticate(string? authorizationHeader)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        lock (_gate)
            return _tokens.GetValueOrDefault(authorizationHeader["Bearer ".Length..].Trim());
    }

    public static string NewToken() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}
