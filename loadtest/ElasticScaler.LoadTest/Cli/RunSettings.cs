using System.CommandLine;
using ElasticScaler.LoadTest.Config;
using ElasticScaler.LoadTest.Http;
using ElasticScaler.LoadTest.Kube;

namespace ElasticScaler.LoadTest.Cli;

/// <summary>Everything <c>run</c> needs, checked: the scenario, where to report, what to sample.</summary>
internal sealed record RunSettings(
    ScenarioProps Scenario,
    IReadOnlyList<Uri> Targets,
    TimeSpan ConnectTimeout,
    string? ReportFolder,
    (string Kubeconfig, string Namespace, ReplicaTargetKind Kind, string Name)? Replicas,
    (string Host, int Port)? Metrics,
    bool Plain,
    bool Quiet,
    AgentSettings? Agents = null)
{
    /// <summary>Builds the settings from the parsed command line, collecting every problem before giving up.</summary>
    public static RunSettings From(ParseResult p, RunArguments a)
    {
        var errors = new List<string>();
        T? Try<T>(Func<T> f)
        {
            try
            {
                return f();
            }
            catch (LoadConfigException ex)
            {
                errors.Add(ex.Message);
                return default;
            }
        }

        TimeSpan? Dur(Option<string?> o) => p.GetValue(o) is { } s ? Try(() => (TimeSpan?)DurationText.Parse(s, o.Name)) : null;

        var file = p.GetValue(a.Scenario) is { } path ? Try(() => ScenarioFile.Load(path)) : null;
        var url = p.GetValue(a.Url);
        if (url is null && file is null && p.GetValue(a.Scenario) is null)
        {
            errors.Add("--url or --scenario: neither given; fix: pass --url http://host:port/path or --scenario file.yaml");
        }

        var timeout = Dur(a.Timeout);
        var requests = new List<RequestSpec>(file?.Requests ?? []);
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"--url: '{url}' is not an absolute http:// or https:// URL; fix: pass a full URL such as --url http://127.0.0.1:8080/");
            }
            else
            {
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var h in p.GetValue(a.Header) ?? [])
                {
                    var colon = h.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        errors.Add($"--header: '{h}' is not 'Name: value'; fix: e.g. --header 'Accept: application/json'");
                        continue;
                    }

                    headers[h[..colon].Trim()] = h[(colon + 1)..].Trim();
                }

                var expect = (p.GetValue(a.ExpectStatus) ?? []).ToHashSet();
                if (expect.Any(s => s is < 100 or > 599))
                {
                    errors.Add("--expect-status: statuses must be 100-599; fix: e.g. --expect-status 200");
                }

                requests.Add(new RequestSpec
                {
                    Name = "request",
                    Method = (p.GetValue(a.Method) ?? "GET").ToUpperInvariant(),
                    Url = uri,
                    Headers = headers,
                    Body = p.GetValue(a.Body),
                    Timeout = timeout ?? TimeSpan.FromSeconds(5),
                    ExpectStatus = expect,
                });
            }
        }

        if (timeout is { } t)
        {
            requests = requests.Select(r => r with { Timeout = t }).ToList();
        }

        var loadFromFile = file?.Load ?? new LoadOptions();
        var load = loadFromFile with
        {
            Profile = p.GetValue(a.Profile) ?? loadFromFile.Profile,
            Concurrency = p.GetValue(a.Concurrency) ?? loadFromFile.Concurrency,
            Rate = p.GetValue(a.Rate) ?? loadFromFile.Rate,
            Duration = Dur(a.Duration) ?? loadFromFile.Duration,
            MaxConcurrency = p.GetValue(a.MaxConcurrency) ?? loadFromFile.MaxConcurrency,
            StepDuration = Dur(a.StepDuration) ?? loadFromFile.StepDuration,
            TimeScale = p.GetValue(a.TimeScale) ?? loadFromFile.TimeScale,
        };
        var cliShapesLoad = p.GetValue(a.Profile) is not null || p.GetValue(a.Concurrency) is not null || p.GetValue(a.Rate) is not null;
        var simulations = Try(() => cliShapesLoad || file?.Simulations is null ? Simulations(load) : file.Simulations);

        var abortOnFail = p.GetValue(a.AbortOnFail);
        var grace = Dur(a.AbortGrace) ?? TimeSpan.FromSeconds(10);
        var thresholds = new List<Threshold>(file?.Thresholds ?? []);
        foreach (var expr in p.GetValue(a.Threshold) ?? [])
        {
            if (Try(() => ElasticScaler.LoadTest.Threshold.Parse(expr, abortOnFail, grace)) is { } th)
            {
                thresholds.Add(th);
            }
        }

        var maxInFlight = p.GetValue(a.MaxInFlight) ?? file?.MaxInFlight ?? 1000;
        if (maxInFlight <= 0)
        {
            errors.Add($"--max-in-flight: {maxInFlight} must be above 0; fix: e.g. --max-in-flight 1000");
        }

        var client = HttpClientKind.Auto;
        if (p.GetValue(a.Client) is { } c)
        {
            if (!Enum.TryParse(c, true, out client))
            {
                errors.Add($"--client: '{c}' is unknown; fix: use auto, lean or httpclient");
            }
        }
        else if (file?.Client is { } fc)
        {
            client = fc;
        }

        var http2 = p.GetValue(a.Http2) || (file?.Http2 ?? false);
        var warmUp = Dur(a.WarmUp) ?? file?.WarmUp ?? TimeSpan.Zero;
        var thinkTime = Dur(a.ThinkTime) ?? file?.ThinkTime ?? TimeSpan.Zero;
        if (thinkTime > TimeSpan.Zero && simulations is not null && simulations.Any(s => s is Inject or RampingInject or IterationsForInject))
        {
            errors.Add("--think-time: applies to looping users only, and this load is an open model (a rate); fix: drop --think-time, or use --concurrency or --profile pts-ramp");
        }

        var name = p.GetValue(a.Name) ?? file?.Name ?? "http";
        var peak = simulations is null ? 1 : (int)Math.Max(1, simulations.Select(s => s switch
        {
            KeepConstant k => k.Copies,
            RampingConstant r => r.Copies,
            IterationsForConstant i => i.Copies,
            _ => maxInFlight,
        }).DefaultIfEmpty(1).Max());
        ScenarioProps? scenario = null;
        if (requests.Count > 0 && errors.Count == 0)
        {
            scenario = Try(() => HttpScenario.Create(name, requests, client, http2, peak))?
                .WithLoadSimulations([.. simulations!])
                .WithThresholds([.. thresholds])
                .WithWarmUpDuration(warmUp)
                .WithThinkTime(thinkTime)
                .WithMaxInFlight(maxInFlight);
        }

        var agents = AgentSettings.From(p, a, errors, Dur(a.StartDelay));
        var replicas = agents is { Count: > 0 } ? null : ReplicaOptions(p, a, errors);
        if (agents is not null && (p.GetValue(a.Deployment) is not null || p.GetValue(a.ElasticScaler) is not null || p.GetValue(a.MetricsPort) is not null || abortOnFail))
        {
            errors.Add("--agents/--agents-at: replica sampling (--deployment, --elasticscaler), --metrics-port and --abort-on-fail run in one process only; fix: drop them, or run without agents");
        }

        (string, int)? metrics = null;
        if (p.GetValue(a.MetricsPort) is { } port)
        {
            if (port is <= 0 or > 65535)
            {
                errors.Add($"--metrics-port: {port} is not a TCP port; fix: e.g. --metrics-port 9464");
            }

            metrics = (p.GetValue(a.MetricsHost) ?? "127.0.0.1", port);
        }

        if (errors.Count > 0)
        {
            throw new LoadConfigException(string.Join("\n", errors.Distinct()));
        }

        return new RunSettings(scenario!, requests.Select(r => r.Url).ToList(), Dur(a.ConnectTimeout) ?? TimeSpan.FromSeconds(5),
            p.GetValue(a.Report), replicas, metrics, p.GetValue(a.Plain), p.GetValue(a.Quiet), agents);
    }

    private static IReadOnlyList<LoadSimulation> Simulations(LoadOptions load)
    {
        if (load.Profile is { } profile)
        {
            if (!profile.Equals(Profiles.PtsRamp, StringComparison.OrdinalIgnoreCase))
            {
                throw new LoadConfigException($"--profile: '{profile}' is unknown; fix: use --profile pts-ramp, or --concurrency/--rate with --duration");
            }

            if (load.Rate is not null || load.Concurrency is not null)
            {
                throw new LoadConfigException("--profile pts-ramp sets the concurrency itself; fix: drop --concurrency/--rate, or use --max-concurrency");
            }

            return Profiles.PtsRampStages(load.MaxConcurrency ?? 1000, stepDuration: load.StepDuration, timeScale: load.TimeScale ?? 1,
                totalDuration: load.Duration);
        }

        if (load.MaxConcurrency is not null || load.StepDuration is not null || load.TimeScale is not null)
        {
            throw new LoadConfigException("--max-concurrency, --step-duration and --time-scale shape the pts-ramp profile; fix: add --profile pts-ramp");
        }

        var duration = load.Duration ?? TimeSpan.FromSeconds(30);
        if (duration <= TimeSpan.Zero)
        {
            throw new LoadConfigException("--duration: must be positive; fix: e.g. --duration 30s");
        }

        if (load.Rate is { } rate)
        {
            if (load.Concurrency is not null)
            {
                throw new LoadConfigException("--rate and --concurrency: choose one; fix: keep --concurrency for looping users (closed model) or --rate for requests started per second (open model)");
            }

            if (rate <= 0)
            {
                throw new LoadConfigException($"--rate: {rate} must be above 0; fix: e.g. --rate 100");
            }

            return [Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration)];
        }

        var users = load.Concurrency ?? 10;
        if (users <= 0)
        {
            throw new LoadConfigException($"--concurrency: {users} must be above 0; fix: e.g. --concurrency 10");
        }

        return [Simulation.KeepConstant(users, duration)];
    }

    private static (string, string, ReplicaTargetKind, string)? ReplicaOptions(ParseResult p, RunArguments a, List<string> errors)
    {
        var kubeconfig = p.GetValue(a.Kubeconfig);
        var deployment = p.GetValue(a.Deployment);
        var scaler = p.GetValue(a.ElasticScaler);
        if (kubeconfig is null)
        {
            if (deployment is not null || scaler is not null)
            {
                errors.Add("--deployment/--elasticscaler need --kubeconfig; fix: add --kubeconfig PATH");
            }

            return null;
        }

        if (!File.Exists(kubeconfig))
        {
            errors.Add($"--kubeconfig: file '{kubeconfig}' does not exist; fix: give the path of a kubeconfig file");
        }

        if ((deployment is null) == (scaler is null))
        {
            errors.Add("--kubeconfig: name exactly one of --deployment NAME or --elasticscaler NAME to sample");
            return null;
        }

        return (kubeconfig, p.GetValue(a.Namespace) ?? "default",
            deployment is not null ? ReplicaTargetKind.Deployment : ReplicaTargetKind.ElasticScaler, deployment ?? scaler!);
    }
}
