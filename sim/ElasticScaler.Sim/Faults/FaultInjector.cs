namespace ElasticScaler.Sim.Faults;

/// <summary>What the injector decided for one request.</summary>
public sealed record FaultDecision(TimeSpan Latency, int? ErrorCode, bool Conflict, TimeSpan? DropWatchAfter, bool ForceGone)
{
    public static readonly FaultDecision None = new(TimeSpan.Zero, null, false, null, false);
}

/// <summary>Holds the active fault rules and draws, with a seeded random source, which requests they hit.</summary>
public sealed class FaultInjector(int seed = 42)
{
    private readonly object _gate = new();
    private readonly List<(FaultRule Rule, int Hits)> _rules = [];
    private readonly Random _random = new(seed);

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (_gate) return _rules.Select(r => r.Rule).ToList(); }
    }

    public void Add(FaultRule rule)
    {
        rule.Validate();
        lock (_gate)
            _rules.Add((rule, 0));
    }

    public void Clear()
    {
        lock (_gate)
            _rules.Clear();
    }

    public FaultDecision Decide(string resource, string verb)
    {
        lock (_gate)
        {
            if (_rules.Count == 0)
                return FaultDecision.None;
            var latency = TimeSpan.Zero;
            int? error = null;
            var conflict = false;
            TimeSpan? drop = null;
            var gone = false;
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, hits) = _rules[i];
                if (!Matches(rule, resource, verb) || (rule.Count is { } max && hits >= max))
                    continue;
                var hit = false;
                if (rule.Latency > TimeSpan.Zero) { latency += rule.Latency; hit = true; }
                if (error is null && rule.ErrorShare > 0 && _random.NextDouble() < rule.ErrorShare) { error = rule.Status503 ? 503 : 500; hit = true; }
                if (rule.ConflictShare > 0 && verb is "update" or "patch" && _random.NextDouble() < rule.ConflictShare) { conflict = true; hit = true; }
                if (verb == "watch" && rule.DropWatchAfter is { } d) { drop = d; hit = true; }
                if (verb == "watch" && rule.ForceGone) { gone = true; hit = true; }
                if (hit)
                    _rules[i] = (rule, hits + 1);
            }
            return new FaultDecision(latency, error, conflict, drop, gone);
        }
    }

    private static bool Matches(FaultRule r, string resource, string verb) =>
        (r.Resource is null || r.Resource == resource) &&
        (r.Verb is null || r.Verb == verb);
}
