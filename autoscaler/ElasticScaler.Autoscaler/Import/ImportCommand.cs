using System.CommandLine;
using ElasticScaler.Autoscaler.Import.Cluster;
using ElasticScaler.Autoscaler.Import.Convert;
using ElasticScaler.Autoscaler.Import.Output;
using ElasticScaler.Autoscaler.Import.Sources;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Schedules;
using ElasticScaler.Service.Hosting;
using ElasticScaler.Service.Kube;
using ElasticScaler.Service.Metrics;
using ElasticScaler.Service.Options;

namespace ElasticScaler.Autoscaler.Import;

/// <summary>
/// <c>import [FILE|DIR|-]... [--from-cluster [--namespace NS]] [--kubeconfig FILE] [--apply [--delete-source]]</c>:
/// HPAs, CronHPAs and KEDA ScaledObjects to ElasticScalers, one per scale target, printed as YAML. Exit 0 when
/// everything carried over, 1 when something needs a person's eye (each note on stderr and as a comment in the
/// YAML) or an apply or delete did not happen, 2 for unreadable input, bad arguments or an unreachable cluster.
/// </summary>
public static class ImportCommand
{
    /// <summary>What the command was asked, parsed and checked.</summary>
    public sealed record Request
    {
        public IReadOnlyList<string> Inputs { get; init; } = [];
        public bool FromCluster { get; init; }
        public string? Namespace { get; init; }
        public string? Kubeconfig { get; init; }
        public string? CronHpaTimeZone { get; init; }
        public string UnpairedWindowDuration { get; init; } = "1h";
        public bool Apply { get; init; }
        public bool DeleteSource { get; init; }
        public bool ForceConflicts { get; init; }
        public string WaitTimeout { get; init; } = "2m";
    }

    public static Command Create()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "YAML or JSON files (multi-document, kind: List), folders of them, or - for stdin", Arity = ArgumentArity.ZeroOrMore };
        var fromCluster = new Option<bool>("--from-cluster") { Description = "also read the cluster's HPAs (autoscaling/v2), CronHPAs and ScaledObjects (each kind only where it is served)" };
        var ns = new Option<string>("--namespace") { Description = "with --from-cluster: only this namespace (default: all); with --apply: where objects without a namespace go (default: default)" };
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig file (default: in a pod its service account, else KUBECONFIG, else ~/.kube/config)" };
        var zone = new Option<string>("--cronhpa-time-zone") { Description = $"the CronHPA controller's time zone (its TZ), in which every job runs (default {ImportSettings.DefaultCronHpaTimeZone}, as ACK ships it)" };
        var unpaired = new Option<string>("--unpaired-window-duration") { Description = "how long a window lasts when no later CronHPA job lowers the size it raised (default 1h)" };
        var apply = new Option<bool>("--apply") { Description = "create or update the ElasticScalers in the cluster (server-side apply, field manager elasticscaler-import)" };
        var force = new Option<bool>("--force-conflicts") { Description = "with --apply: take over fields another field manager owns" };
        var delete = new Option<bool>("--delete-source") { Description = "with --apply: delete each target's HPA/CronHPA/ScaledObject once its ElasticScaler reports ScalingActive=True" };
        var wait = new Option<string>("--wait-timeout") { Description = "with --delete-source: how long to wait for ScalingActive=True before giving up on a target (default 2m)" };
        var command = new Command("import", "Make ElasticScalers from HPA, CronHPA and KEDA ScaledObject objects, one per scale target")
        {
            inputs, fromCluster, ns, kubeconfig, zone, unpaired, apply, force, delete, wait,
        };
        command.SetAction(async (parse, ct) => await RunAsync(new Request
        {
            Inputs = parse.GetValue(inputs) ?? [],
            FromCluster = parse.GetValue(fromCluster),
            Namespace = parse.GetValue(ns),
            Kubeconfig = parse.GetValue(kubeconfig),
            CronHpaTimeZone = parse.GetValue(zone),
            UnpairedWindowDuration = parse.GetValue(unpaired) ?? "1h",
            Apply = parse.GetValue(apply),
            ForceConflicts = parse.GetValue(force),
            DeleteSource = parse.GetValue(delete),
            WaitTimeout = parse.GetValue(wait) ?? "2m",
        }, Console.In, Console.Out, Console.Error, TimeProvider.System, ct).ConfigureAwait(false));
        return command;
    }

    public static async Task<int> RunAsync(Request request, TextReader stdin, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken ct)
    {
        var usage = Check(request, out var waitTimeout);
        foreach (var u in usage) stderr.WriteLine($"error: {u}");
        if (usage.Count > 0) return ExitCodes.BadInput;

        var (documents, readErrors) = InputFiles.Read(request.Inputs, stdin);
        foreach (var e in readErrors) stderr.WriteLine(e);
        if (readErrors.Count > 0) return ExitCodes.BadInput;

        KubeApi? api = null;
        try
        {
            if (request.FromCluster || request.Apply)
            {
                try
                {
                    api = new KubeApi(KubeClientFactory.Create(new ControllerOptions { Kubeconfig = request.Kubeconfig }, new ServiceMetrics()));
                }
                catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException)
                {
                    stderr.WriteLine($"error: --kubeconfig: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }
            if (request.FromCluster)
            {
                try
                {
                    documents = [.. documents, .. await ClusterSources.ListAsync(api!, request.Namespace, stderr, ct).ConfigureAwait(false)];
                }
                catch (Exception e) when (e is HttpRequestException or KubeApiException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    stderr.WriteLine($"error: cluster: cannot list the sources: {e.Message}");
                    return ExitCodes.BadInput;
                }
            }

            var settings = new ImportSettings
            {
                CronHpaTimeZone = request.CronHpaTimeZone ?? ImportSettings.DefaultCronHpaTimeZone,
                CronHpaTimeZoneGiven = request.CronHpaTimeZone is not null,
                UnpairedWindowDuration = request.UnpairedWindowDuration,
                Now = time.GetUtcNow(),
            };
            var result = Importer.Convert(documents, settings);
            foreach (var s in result.Skipped) stderr.WriteLine(s);
            foreach (var m in result.Malformed)
                foreach (var line in m.Lines) stderr.WriteLine(line);
            if (result.Malformed.Count > 0) return ExitCodes.BadInput;
            foreach (var n in result.Notes) stderr.WriteLine(n.Line);
            stdout.Write(YamlWriter.Write(result.Scalers));

            int exit = result.Notes.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
            if (!request.Apply || result.Scalers.Count == 0) return exit;
            var cluster = new ClusterApply(api!, time, stderr);
            var defaultNs = request.Namespace ?? "default";
            try
            {
                if (!await cluster.ApplyAsync(result.Scalers, defaultNs, request.ForceConflicts, ct).ConfigureAwait(false)) return ExitCodes.Failed;
                if (request.DeleteSource && !await cluster.DeleteSourcesAsync(result.Scalers, defaultNs, waitTimeout, ct).ConfigureAwait(false))
                    return ExitCodes.Failed;
            }
            catch (HttpRequestException e)
            {
                stderr.WriteLine($"error: cluster: unreachable: {e.Message}");
                return ExitCodes.BadInput;
            }
            return exit;
        }
        finally
        {
            api?.Dispose();
        }
    }

    private static List<string> Check(Request r, out TimeSpan waitTimeout)
    {
        var problems = new List<string>();
        if (r.Inputs.Count == 0 && !r.FromCluster)
            problems.Add("nothing to import: pass files, folders or - (stdin), or --from-cluster");
        if (r.DeleteSource && !r.Apply)
            problems.Add("--delete-source: only with --apply (a source is deleted only once its ElasticScaler is in the cluster and active)");
        if (r.CronHpaTimeZone is not null && !ScheduleTimes.IsKnownZone(r.CronHpaTimeZone, out var zoneError))
            problems.Add($"--cronhpa-time-zone: \"{r.CronHpaTimeZone}\": {zoneError}");
        if (!GoDuration.TryParse(r.UnpairedWindowDuration, out var d) || d <= TimeSpan.Zero)
            problems.Add($"--unpaired-window-duration: \"{r.UnpairedWindowDuration}\": must be {GoDuration.Examples}, longer than zero");
        if (!GoDuration.TryParse(r.WaitTimeout, out waitTimeout) || waitTimeout <= TimeSpan.Zero)
            problems.Add($"--wait-timeout: \"{r.WaitTimeout}\": must be {GoDuration.Examples}, longer than zero");
        return problems;
    }
}
