using System.CommandLine;
using ElasticScaler.LoadTest.Agents;

namespace ElasticScaler.LoadTest.Cli;

/// <summary><c>run</c> on agents: which agents, when they start, whether a partial result may pass.</summary>
internal sealed record AgentSettings(IReadOnlyList<Uri> At, TimeSpan StartDelay, bool AllowPartial)
{
    public static AgentSettings? From(ParseResult p, RunArguments a, List<string> errors, TimeSpan? startDelay)
    {
        var allowPartial = p.GetValue(a.AllowPartial);
        if (p.GetValue(a.AgentsAt) is not { } list)
        {
            if (allowPartial || startDelay is not null)
            {
                errors.Add("--allow-partial and --start-delay apply to runs on agents; fix: add --agents-at HOST:PORT,… or drop them");
            }

            return null;
        }

        var agents = new List<Uri>();
        foreach (var item in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                agents.Add(RemoteAgents.ParseAddress(item));
            }
            catch (LoadConfigException ex)
            {
                errors.Add(ex.Message);
            }
        }

        if (agents.Count == 0)
        {
            errors.Add("--agents-at: no agent given; fix: e.g. --agents-at 10.0.0.5:7071,10.0.0.6:7071");
        }

        if (startDelay is { } d && d < TimeSpan.Zero)
        {
            errors.Add("--start-delay: must not be negative; fix: e.g. --start-delay 3s");
        }

        return new AgentSettings(agents, startDelay ?? TimeSpan.FromSeconds(3), allowPartial);
    }
}
