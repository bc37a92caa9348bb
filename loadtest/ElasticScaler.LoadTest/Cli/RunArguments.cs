using System.CommandLine;
using ElasticScaler.Core.Ack;

namespace ElasticScaler.LoadTest.Cli;

/// <summary>The options of <c>run</c>. Durations are strings so their errors name the option and the fix.</summary>
internal sealed class RunArguments
{
    public Option<string?> Url { get; } = new("--url") { Description = "Target URL (http:// or https://); one request kind, GET unless --method" };
    public Option<string?> Scenario { get; } = new("--scenario") { Description = "Scenario file (.json or .yaml): requests, weights, load, thresholds" };
    public Option<string?> Name { get; } = new("--name") { Description = "Scenario name in reports (default: the scenario file's name: key, else 'http')" };
    public Option<string?> Method { get; } = new("--method") { Description = "HTTP method for --url (default GET)" };
    public Option<string[]> Header { get; } = new("--header") { Description = "Request header 'Name: value' (repeatable)", Arity = ArgumentArity.ZeroOrMore };
    public Option<string?> Body { get; } = new("--body") { Description = "Request body for --url" };
    public Option<int[]> ExpectStatus { get; } = new("--expect-status") { Description = "Status that counts as success (repeatable; default any 2xx/3xx)", Arity = ArgumentArity.ZeroOrMore };
    public Option<string?> Timeout { get; } = new("--timeout") { Description = "Per-request timeout (default 5s)" };
    public Option<string?> Profile { get; } = new("--profile") { Description = "Built-in load shape: pts-ramp (1000 max, start 10%, +10% per minute, 10 minutes)" };
    public Option<int?> MaxConcurrency { get; } = new("--max-concurrency") { Description = "pts-ramp: top concurrency (default 1000)" };
    public Option<string?> StepDuration { get; } = new("--step-duration") { Description = "pts-ramp: time per step (default 1m)" };
    public Option<double?> TimeScale { get; } = new("--time-scale") { Description = "pts-ramp: divide all its durations by this (60: 10 minutes in 10 s)" };
    public Option<string?> Duration { get; } = new("--duration") { Description = "Run length for --concurrency/--rate (default 30s); with pts-ramp, hold the top level until then" };
    public Option<int?> Concurrency { get; } = new("--concurrency") { Description = "Closed model: virtual users looping (default 10)" };
    public Option<double?> Rate { get; } = new("--rate") { Description = "Open model: requests started per second, latency from the intended start" };
    public Option<int?> MaxInFlight { get; } = new("--max-in-flight") { Description = "Open model: cap on requests in flight; starts beyond it are dropped and counted (default 1000)" };
    public Option<string?> ThinkTime { get; } = new("--think-time") { Description = "Closed model: each user waits this long after an answer before its next request (default 0s)" };
    public Option<string?> WarmUp { get; } = new("--warm-up") { Description = "Load run first and not measured (default 0s)" };
    public Option<string[]> Threshold { get; } = new("--threshold") { Description = "Pass/fail rule, e.g. 'p95 < 500ms', 'success_rate >= 99%', 'rps >= 800' (repeatable)", Arity = ArgumentArity.ZeroOrMore };
    public Option<bool> AbortOnFail { get; } = new("--abort-on-fail") { Description = "Stop as soon as a threshold fails (checked every second after --abort-grace)" };
    public Option<string?> AbortGrace { get; } = new("--abort-grace") { Description = "Do not abort during this first part of the run (default 10s)" };
    public Option<string?> Report { get; } = new("--report") { Description = "Folder for report.html, summary.md, timeseries.csv, report.json, junit.xml" };
    public Option<string?> Client { get; } = new("--client") { Description = "auto (default: lean sockets for http://, HttpClient for https:// or --http2), lean, httpclient" };
    public Option<bool> Http2 { get; } = new("--http2") { Description = "Use HTTP/2 (HttpClient)" };
    public Option<string?> ConnectTimeout { get; } = new("--connect-timeout") { Description = "Start-up reachability check timeout (default 5s)" };
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Sample replicas every second through this kubeconfig; with --agents, create the agents' Job through it (default: in-cluster)" };
    public Option<string?> Namespace { get; } = new("--namespace") { Description = "Namespace of --deployment / --elasticscaler (default 'default')" };
    public Option<string?> Deployment { get; } = new("--deployment") { Description = $"Deployment whose pods to count, ECS vs ECI (node label {AckLabels.VirtualNodeLabel}={AckLabels.VirtualNodeValue})" };
    public Option<string?> ElasticScaler { get; } = new("--elasticscaler") { Description = "ElasticScaler whose status.ecsReplicas/eciReplicas to sample" };
    public Option<int?> MetricsPort { get; } = new("--metrics-port") { Description = "Serve Prometheus metrics of the running test on this port (/metrics)" };
    public Option<string?> MetricsHost { get; } = new("--metrics-host") { Description = "Address for --metrics-port (default 127.0.0.1; + for all)" };
    public Option<bool> Plain { get; } = new("--plain") { Description = "Plain progress lines even on a terminal" };
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress output; only the summary" };
    public Option<string?> AgentsAt { get; } = new("--agents-at") { Description = "Run the load on standalone agents (started with 'agent --listen ADDR'): host:port,host:port,…; results merged exactly" };
    public Option<int?> Agents { get; } = new("--agents") { Description = "Run the load on N agent pods of an Indexed Job (through --kubeconfig, in --namespace, image --image); they stream to --listen" };
    public Option<string?> Image { get; } = new("--image") { Description = "With --agents: the agent pods' image (its entrypoint is this CLI)" };
    public Option<string?> Listen { get; } = new("--listen") { Description = "With --agents: where the coordinator listens for its agents, IP:PORT (0.0.0.0:7070 in a pod; advertised by POD_IP)" };
    public Option<bool> AllowPartial { get; } = new("--allow-partial") { Description = "With agents: let the thresholds decide even when an agent died, never started or lagged (still reported)" };
    public Option<string?> StartDelay { get; } = new("--start-delay") { Description = "With agents: the common start instant is this far ahead, to reach every agent first (default 3s)" };

    public IEnumerable<Option> All =>
    [
        Url, Scenario, Name, Method, Header, Body, ExpectStatus, Timeout, Profile, MaxConcurrency, StepDuration, TimeScale, Duration,
        Concurrency, Rate, MaxInFlight, ThinkTime, WarmUp, Threshold, AbortOnFail, AbortGrace, Report, Client, Http2, ConnectTimeout, Kubeconfig,
        Namespace, Deployment, ElasticScaler, MetricsPort, MetricsHost, Plain, Quiet, AgentsAt, Agents, Image, Listen, AllowPartial, StartDelay,
    ];

    /// <summary>
    /// The options that shape the load, passed on to every agent as given (each takes its share); the rest (thresholds,
    /// reports, sampling, agents) stay with the coordinator. --scenario travels as the file's text.
    /// </summary>
    public IEnumerable<Option> ForAgents =>
    [
        Url, Name, Method, Header, Body, ExpectStatus, Timeout, Profile, MaxConcurrency, StepDuration, TimeScale, Duration,
        Concurrency, Rate, MaxInFlight, ThinkTime, WarmUp, Client, Http2, ConnectTimeout,
    ];
}
