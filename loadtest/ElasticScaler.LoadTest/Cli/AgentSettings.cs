using System.CommandLine;
using System.Net;
using ElasticScaler.LoadTest.Agents;

namespace ElasticScaler.LoadTest.Cli;

/// <summary>
/// <c>run</c> on agents: standalone ones (<see cref="At"/>, from <c>--agents-at</c>) or <see cref="Count"/> pods of an
/// Indexed Job (<c>--agents N --image IMAGE --listen ADDR [--kubeconfig FILE] [--namespace NS]</c>); when they start,
/// and whether a partial result may pass.
/// </summary>
internal sealed record AgentSettings(IReadOnlyList<Uri> At, int Count, string? Image, IPEndPoint? Listen, string? Kubeconfig, string? Namespace,
    TimeSpan StartDelay, bool AllowPartial)
{
    public static AgentSettings? From(ParseResult p, RunArguments a, List<string> errors, TimeSpan? startDelay)
    {
        var allowPartial = p.GetValue(a.AllowPartial);
        var list = p.GetValue(a.AgentsAt);
        var count = p.GetValue(a.Agents);
        if (list is null && count is null)
        {
            if (allowPartial || startDelay is not null)
            {
                errors.Add("--allow-partial and --start-delay apply to runs on agents; fix: add --agents N or --agents-at HOST:PORT,… or drop them");
            }

            if (p.GetValue(a.Image) is not null || p.GetValue(a.Listen) is not null)
            {
                errors.Add("--image and --listen shape the agents' Job; fix: add --agents N, or drop them");
            }

            return null;
        }

        if (list is not null && count is not null)
        {
            errors.Add("--agents and --agents-at: choose one; fix: --agents N for pods of a Kubernetes Job, --agents-at A,B for standalone agents");
            return null;
        }

        if (startDelay is { } d && d < TimeSpan.Zero)
        {
            errors.Add("--start-delay: must not be negative; fix: e.g. --start-delay 3s");
        }

        if (count is { } n)
        {
            return ForJob(p, a, errors, n, startDelay, allowPartial);
        }

        var agents = new List<Uri>();
        foreach (var item in list!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
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

        return new AgentSettings(agents, 0, null, null, null, null, startDelay ?? TimeSpan.FromSeconds(3), allowPartial);
    }

    private static AgentSettings ForJob(ParseResult p, RunArguments a, List<string> errors, int count, TimeSpan? startDelay, bool allowPartial)
    {
        if (count < 1)
        {
            errors.Add($"--agents: {count} must be at least 1; fix: e.g. --agents 3");
        }

        var image = p.GetValue(a.Image);
        if (string.IsNullOrWhiteSpace(image))
        {
            errors.Add("--agents: the pods need an image; fix: add --image REGISTRY/elasticscaler-loadtest:TAG (its entrypoint is this CLI)");
        }

        IPEndPoint? listen = null;
        if (p.GetValue(a.Listen) is not { } text)
        {
            errors.Add("--agents: the agents stream to the coordinator; fix: add --listen IP:PORT reachable from the pods (0.0.0.0:7070 in a pod)");
        }
        else
        {
            try
            {
                listen = ListenAddress.Parse(text, "--listen");
            }
            catch (LoadConfigException ex)
            {
                errors.Add(ex.Message);
            }
        }

        var kubeconfig = p.GetValue(a.Kubeconfig);
        if (kubeconfig is not null && !File.Exists(kubeconfig))
        {
            errors.Add($"--kubeconfig: file '{kubeconfig}' does not exist; fix: give the path of a kubeconfig file, or drop it inside a cluster");
        }

        // Pods need a while to be scheduled and pull the image: the default start is further ahead than for standalone agents.
        return new AgentSettings([], count, image, listen, kubeconfig, p.GetValue(a.Namespace), startDelay ?? TimeSpan.FromSeconds(30), allowPartial);
    }

    /// <summary>The coordinator's address as the pods reach it: the listen IP, or POD_IP (or the host's name) when it listens on all interfaces.</summary>
    public Uri Advertised()
    {
        var endPoint = Listen!;
        var host = endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any)
            ? Environment.GetEnvironmentVariable("POD_IP") is { Length: > 0 } ip ? ip : Dns.GetHostName()
            : endPoint.Address.ToString();
        return new UriBuilder("http", host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, endPoint.Port).Uri;
    }
}
