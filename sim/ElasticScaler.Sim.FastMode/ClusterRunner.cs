using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.State;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Kube;
using ElasticScaler.Sim.Api;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Registry;
using ElasticScaler.Sim.Semantics;
using ElasticScaler.Sim.Store;
using ElasticScaler.Sim.Workload;
using Microsoft.Extensions.Time.Testing;
using ScalerObject = ElasticScaler.Service.Controller.ScalerObject;
using TargetScale = ElasticScaler.Service.Controller.TargetScale;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// Fast mode through the real sim: the API server, the Deployment/ReplicaSet controllers, the scheduler and the
/// kubelet emulation (sim.Cluster) on a FakeTimeProvider stepped a tick at a time; the Service's endpoints and
/// metrics.k8s.io come from the store as in live mode (StoreEndpoints, UsagePublisher), and the engine's input is
/// read from the store's objects through <see cref="KubernetesObjects"/> and the service's own readers
/// (<see cref="WorkloadObject"/>, <see cref="ScalerObject"/>), as the service reads its cache. It acts as the service
/// does, with the service's code: <see cref="DecisionActuation"/> and <see cref="Actuator"/> over a
/// <see cref="StoreWriter"/> into the in-process API, so with a placement the twin <c>wordpress-eci</c> is created
/// (owned by the ElasticScaler object the run creates from the scaler file, on the shipped CRD) and the plan's two
/// counts are written through <c>/scale</c>; the ReplicaSets make and delete every pod. Slower than
/// <see cref="FastRunner"/> (JSON objects, real controllers); used to check that FastRunner's own model follows the
/// same curve. The target is always the sim's WordPress Deployment, whatever the scaler's scaleTargetRef names.
/// </summary>
public static class ClusterRunner
{
    private const string Ns = SeedPreset.Namespace;
    private const string App = SeedPreset.Deployment;
    /// <summary>Who fast mode's writes are recorded as in managedFields.</summary>
    private const string FieldManager = "elasticscaler";
    private const string CrdResource = "elasticscalers.autoscaling.elasticscaler.io.yaml";

    public static async Task<FastReport> RunAsync(Trace trace, ScalerUnderTest scaler, ClusterRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(scaler);
        var o = options ?? new ClusterRunOptions();
        o.Load.Validate();
        var settings = ControllerSettings.Default with { SyncPeriod = o.SyncPeriod };
        var prepared = PreparedSpec.Prepare(scaler.Spec, settings);
        if (!prepared.IsValid)
            throw new ArgumentException($"scaler {scaler.Name}: the spec is invalid: " + string.Join("; ", prepared.Errors));

        var time = new FakeTimeProvider(o.Start - TimeSpan.FromMinutes(2));
        await using var cluster = await SimulatedCluster.StartAsync(new ClusterOptions
        {
            Sim = new SimOptions { Time = time, UseTls = false },
            Preset = o.Pools is null ? "seed" : "empty",
            Pools = o.Pools ?? [],
            Kubelet = o.Kubelet,
            Prices = o.Prices,
            RunControllers = false,
            Seed = o.Seed,
        });
        var requests = new ResourceRequests(cluster.Api.Resources, FieldManager);
        var actuation = new DecisionActuation(new Actuator(new StoreWriter(requests)));
        if (o.Pools is null) requests.Patch(ApiResource.Deployments.ObjectPath(Ns, App, "scale"), ResourceService.MergePatch, ScaleTo(o.InitialReplicas));
        else CreateWorkload(cluster, o.InitialReplicas);
        var scalerType = CreateScaler(cluster, requests, scaler);
        cluster.Settle();
        for (int i = 0; i < 120 && time.GetUtcNow() < o.Start; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            cluster.Settle();
        }

        var store = cluster.Api.Store;
        var costBefore = cluster.Cost.Totals;   // the warm-up is not part of the run
        var service = new ServiceLoad(o.Load);
        await using var endpoints = StoreEndpoints.Start(store, time, service, Ns, App, follow: false);
        using var publisher = new UsagePublisher(service, cluster.Api.Metrics, store, time);
        var arrivals = new Arrivals(trace, o.Tick, o.Seed, o.Load.Timeout);
        var history = DecisionHistory.Empty;
        var conditions = System.Collections.Immutable.ImmutableArray<Core.Conditions.ScalerCondition>.Empty;
        var tally = new Tally();
        var periodStart = tally;
        var rows = new List<SyncRow>();
        int decisions = 0, rescales = 0, scaleWrites = 0, peak = 0, peakEci = 0;
        long ticks = (long)Math.Ceiling(trace.Duration / o.Tick);
        long syncEvery = Math.Max(1, (long)Math.Round(o.SyncPeriod / o.Tick));
        double podCpu = 0.5;

        for (long k = 0; k < ticks; k++)
        {
            var offset = o.Tick * k;
            if (k > 0) time.Advance(o.Tick);
            cluster.Settle();
            endpoints.Resync();
            var now = time.GetUtcNow();
            if (k % syncEvery == 0)
            {
                var read = Read(cluster, scaler, scalerType);
                podCpu = read.PodCpu;
                var input = read.Input with { Prepared = prepared, Settings = settings, Conditions = conditions };
                var decision = DecisionPipeline.Decide(input, history, now);
                decisions++;
                if (decision.Rescale) rescales++;
                // The service's act step. The in-process API answers at once and injects no faults, so a refused
                // write is a bug in fast mode, not a condition to model: it ends the run.
                long before = store.Revision;
                var writes = await actuation.ActAsync(new ActuationRequest
                {
                    Scaler = read.Scaler,
                    Target = read.Target,
                    Twin = read.Twin,
                    Current = read.Declared,
                    Decision = decision,
                    Placement = scaler.Spec.Placement,
                    Ack = TwinWorkload.IsAck(input.Nodes),
                    EciDefaults = EciPodDefaults.Ack, // the service's defaults: the simulated cluster is ACK
                }, observer: null, CancellationToken.None);
                if (writes.Any(w => w.From != w.To)) scaleWrites++;
                if (store.Revision != before)   // the controllers react to any write (the twin, the finalizer, a count) at once
                {
                    cluster.Settle();
                    endpoints.Resync();
                }
                var applied = DecisionOutcome.Applied(decision);
                history = applied.History;
                conditions = applied.Conditions;
                var c = Count(cluster);
                peak = Math.Max(peak, c.EcsReady + c.EciReady);
                peakEci = Math.Max(peakEci, c.EciReady);
                var cost = cluster.Cost.Totals.Total - costBefore.Total;
                var row = new SyncRow(offset.TotalSeconds, trace.RateAt(offset), decision.DesiredReplicas, c.EcsReady, c.EciReady, c.Starting, c.Pending, c.Terminating,
                    tally.Served - periodStart.Served, tally.Late - periodStart.Late, tally.NotOk - periodStart.NotOk, Utilization(cluster, input), (double)cost);
                rows.Add(row);
                o.AfterSync?.Invoke(cluster, row);
                periodStart = tally;
            }
            tally = arrivals.Send(service, offset, now, tally);
        }

        var totals = cluster.Cost.Totals;
        return new FastReport(scaler.Name + " (through sim.Cluster's controllers)", trace.Duration.TotalSeconds, rows, tally.Totals(peak, peakEci, decisions, rescales) with
        {
            EcsNodeHours = (totals.EcsPayAsYouGoNodeSeconds + totals.EcsReservedNodeSeconds - costBefore.EcsPayAsYouGoNodeSeconds - costBefore.EcsReservedNodeSeconds) / 3600,
            EciPodSeconds = podCpu > 0 ? (totals.EciVcpuSeconds - costBefore.EciVcpuSeconds) / podCpu : 0,
            EcsCost = (double)(totals.EcsCost - costBefore.EcsCost),
            EciCost = (double)(totals.EciCost - costBefore.EciCost),
            P99LatencyMs = arrivals.Latencies.Percentile(0.99),
            ScaleWrites = scaleWrites,
        });
    }

    /// <summary>A /scale merge patch, as <c>kubectl scale</c> sends it.</summary>
    private static JsonObject ScaleTo(int replicas) => new() { ["spec"] = new JsonObject { ["replicas"] = replicas } };

    /// <summary>
    /// The scaler as a user applies it, in the workload's namespace: an ElasticScaler needs its kind served first,
    /// so the shipped CRD is created (an HPA is a built-in kind). The twin's ownerReference names this object, so
    /// the garbage collector sees a live owner, as in a cluster.
    /// </summary>
    private static ResourceType CreateScaler(SimulatedCluster cluster, ResourceRequests requests, ScalerUnderTest scaler)
    {
        var manifest = JsonNode.Parse(scaler.Manifest)!.AsObject();
        var (apiVersion, kind) = ((string)manifest["apiVersion"]!, (string)manifest["kind"]!);
        var registry = cluster.Api.Registry;
        try
        {
            if (registry.FindByKind(apiVersion, kind) is null && kind == ApiResource.ElasticScalers.Kind)
                requests.Create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd());
            var type = registry.FindByKind(apiVersion, kind) ?? throw new ArgumentException($"scaler {scaler.Name}: the sim serves no {apiVersion} {kind}");
            requests.Create($"{type.PathPrefix}/namespaces/{Ns}/{type.Plural}", manifest);
            return type;
        }
        catch (ApiException e)
        {
            throw new ArgumentException($"scaler {scaler.Name}: the sim's API server refused it as a user's object: {e.Message}");
        }
    }

    /// <summary>deploy/crd's ElasticScaler CRD (embedded at build time), as JSON for the API.</summary>
    private static JsonObject Crd()
    {
        using var stream = typeof(ClusterRunner).Assembly.GetManifestResourceStream(CrdResource)
                           ?? throw new InvalidOperationException($"the embedded {CrdResource} is missing from {typeof(ClusterRunner).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        var crd = k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(reader.ReadToEnd());
        return JsonNode.Parse(k8s.KubernetesJson.Serialize(crd))!.AsObject();
    }

    private static void CreateWorkload(SimulatedCluster cluster, int replicas)
    {
        var api = cluster.Api.Resources;
        if (api.TryGet(cluster.Context.Namespaces, "", Ns) is null)
            api.Create(cluster.Context.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Ns } });
        var deployment = SeedPreset.WordPress();
        deployment["spec"]!["replicas"] = replicas;
        api.Create(cluster.Context.Deployments, Ns, deployment);
        api.Create(cluster.Context.Services, Ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = App },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["app"] = App },
                ["ports"] = new JsonArray(new JsonObject { ["port"] = 80, ["targetPort"] = 80 }),
            },
        });
    }

    /// <summary>What one sync reads: the scaler object, the target and its twin, the counts they declare, the engine's input.</summary>
    private sealed record SyncRead(ScalerObject Scaler, TargetScale Target, WorkloadObject? Twin, PoolReplicas Declared, DecisionInput Input, double PodCpu);

    /// <summary>
    /// The engine's input from the store's objects, as the service reads its cache: the scaler object
    /// (<see cref="ScalerObject"/>), the target and its twin (<see cref="WorkloadObject"/>: their spec and status
    /// replicas, summed, and with a placement each one's count as declared), the pods of the target's selector
    /// (the twin's pods carry the target's labels), their PodMetrics (metrics.k8s.io's shape, from the metrics store),
    /// the nodes with what every bound pod requests, and the target's pod template, each through <see cref="KubernetesObjects"/>.
    /// </summary>
    private static SyncRead Read(SimulatedCluster cluster, ScalerUnderTest scaler, ResourceType scalerType)
    {
        var store = cluster.Api.Store;
        var scalerObject = ReadStored(store.Get(scalerType.StorageKey, Ns, scaler.Name) ?? throw new InvalidOperationException($"scaler {scaler.Name} is gone from the store"), ScalerObject.Read);
        var targetWorkload = ReadStored(store.Get("deployments.apps", Ns, App) ?? throw new InvalidOperationException($"deployment {App} is gone from the store"), WorkloadObject.Read);
        var target = TargetScale.Of(ApiResource.Deployments, targetWorkload);
        bool twinned = DecisionActuation.IsTwinned(scaler.Spec.Placement, target);
        var twin = twinned && store.Get("deployments.apps", Ns, TwinWorkload.NameFor(App)) is { } stored ? ReadStored(stored, WorkloadObject.Read) : null;
        var declared = new PoolReplicas(target.SpecReplicas, twin?.SpecReplicas ?? 0);
        var template = Read(KubernetesObjects.PodTemplate(targetWorkload.Raw.GetProperty("spec").GetProperty("template"), $"deployments/{App}.spec.template"));
        if (!Core.Model.LabelSelector.TryParse(target.Selector, out var selector, out var error))
            throw new InvalidOperationException($"deployment {App}: selector {target.Selector}: {error}");

        var pods = new List<PodState>();
        var clusterPods = new List<PodState>();
        var metrics = new List<PodMetricsSample>();
        foreach (var storedPod in store.List("pods", null).Items)
        {
            var pod = Read(storedPod, (e, p) => KubernetesObjects.Pod(e, p));
            clusterPods.Add(pod);
            if (storedPod.Namespace != Ns || !selector.Matches(storedPod.Labels)) continue;
            pods.Add(pod);
            if (cluster.Api.Metrics.Pod(Ns, pod.Name) is { } m)
                metrics.Add(Read(KubernetesObjects.PodMetrics(JsonSerializer.SerializeToElement(PodMetricsObject(cluster, pod.Name, m)), $"podmetrics/{pod.Name}")));
        }
        var nodes = store.List("nodes", null).Items.Select(n => Read(n, KubernetesObjects.Node)).ToList();

        var input = new DecisionInput
        {
            Spec = scaler.Spec,
            Kind = scaler.Kind,
            Annotations = scaler.Annotations,
            SpecReplicas = declared.Total,
            StatusReplicas = target.StatusReplicas + (twin?.StatusReplicas ?? 0),
            Selector = target.Selector,
            Pods = pods,
            PodMetrics = metrics,
            Nodes = KubernetesObjects.WithRequested(nodes, clusterPods),
            Template = template,
            Declared = twinned ? declared : null,
        };
        double cpu = template.Requests.TryGetValue("cpu", out var q) ? (double)q.Value : 0.5;
        return new SyncRead(scalerObject, target, twin, declared, input, cpu);
    }

    /// <summary>One pod's sample as metrics.k8s.io serves it (whole seconds, as metrics-server stamps it).</summary>
    private static JsonObject PodMetricsObject(SimulatedCluster cluster, string name, (IReadOnlyList<Api.ContainerUsage> Containers, DateTimeOffset At) m) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns },
        ["timestamp"] = m.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["window"] = ((int)cluster.Api.Metrics.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
        ["containers"] = new JsonArray([.. m.Containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["usage"] = new JsonObject { ["cpu"] = c.CpuMillis.ToString(CultureInfo.InvariantCulture) + "m", ["memory"] = c.MemoryBytes.ToString(CultureInfo.InvariantCulture) },
        })]),
    };

    /// <summary>A stored object through one of the service's readers (each copies what it keeps, so the document can go).</summary>
    private static T ReadStored<T>(StoredObject stored, Func<JsonElement, T> read)
    {
        using var json = JsonDocument.Parse(stored.Json);
        return read(json.RootElement);
    }

    private static T Read<T>(StoredObject stored, Func<JsonElement, string, ObjectRead<T>> read) where T : class
    {
        using var json = JsonDocument.Parse(stored.Json);
        return Read(read(json.RootElement, $"{stored.StorageKey}/{stored.Namespace}/{stored.Name}"));
    }

    private static T Read<T>(ObjectRead<T> read) where T : class =>
        read.Value ?? throw new InvalidOperationException("the store's objects did not read as a decision input: " + string.Join("; ", read.Errors));

    private static (int EcsReady, int EciReady, int Starting, int Pending, int Terminating) Count(SimulatedCluster cluster)
    {
        var store = cluster.Api.Store;
        var virtualNodes = store.List("nodes", null).Items.Where(n => Core.Ack.AckLabels.IsVirtualNode(n.Labels)).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        int ecs = 0, eci = 0, starting = 0, pending = 0, terminating = 0;
        foreach (var o in store.List("pods", Ns).Items)
        {
            if (!o.Labels.TryGetValue("app", out var a) || a != App) continue;
            var p = o.Parse();
            var facts = PodFacts.Read(p, fromLimit: false);
            string? node = (string?)p["spec"]?["nodeName"];
            if (facts.Terminating) terminating++;
            else if (facts.Ready) { if (node is not null && virtualNodes.Contains(node)) eci++; else ecs++; }
            else if (node is null) pending++;
            else starting++;
        }
        return (ecs, eci, starting, pending, terminating);
    }

    private static double Utilization(SimulatedCluster cluster, DecisionInput input)
    {
        double used = 0, requested = 0;
        foreach (var pod in input.Pods)
        {
            if (cluster.Api.Metrics.Pod(Ns, pod.Name) is not { } m) continue;
            used += m.Containers.Sum(c => c.CpuMillis) / 1000.0;
            requested += pod.Containers.Sum(c => c.Requests.TryGetValue("cpu", out var q) ? (double)q.Value : 0);
        }
        return requested == 0 ? 0 : used / requested;
    }
}
