using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Objects;
using ElasticScaler.Core.State;
using ElasticScaler.Sim.Store;
using ElasticScaler.Sim.Cluster;
using ElasticScaler.Sim.Cluster.Presets;
using ElasticScaler.Sim.Workload;
using Microsoft.Extensions.Time.Testing;

namespace ElasticScaler.Sim.FastMode;

/// <summary>
/// Fast mode through the real sim: the API server, the Deployment/ReplicaSet controllers, the scheduler and the
/// kubelet emulation (sim.Cluster) on a FakeTimeProvider stepped a tick at a time; the Service's endpoints and
/// metrics.k8s.io come from the store as in live mode (StoreEndpoints, UsagePublisher), and the engine's input is
/// read from the store's objects through <see cref="KubernetesObjects"/>, the mapping the service and <c>decide</c> use. The decision's DesiredReplicas is written to the
/// Deployment's spec.replicas; a placement plan's ECI creations are pods made from the current ReplicaSet's template
/// (owned by it, labelled alibabacloud.com/eci=true so ACK's rule sends them to the virtual node) before the
/// ReplicaSet reconciles, so it makes only the ECS rest; its deletions delete the named pods. Slower than
/// <see cref="FastRunner"/> (JSON objects, real controllers); used to check that FastRunner's own model follows the same curve.
/// </summary>
public static class ClusterRunner
{
    private const string Ns = SeedPreset.Namespace;
    private const string App = SeedPreset.Deployment;

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
        if (o.Pools is null) SetReplicas(cluster, o.InitialReplicas);
        else CreateWorkload(cluster, o.InitialReplicas);
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
        var arrivals = new Arrivals(trace, o.Tick, o.Seed);
        var history = DecisionHistory.Empty;
        var conditions = System.Collections.Immutable.ImmutableArray<Core.Conditions.ScalerCondition>.Empty;
        var tally = new Tally();
        var periodStart = tally;
        var rows = new List<SyncRow>();
        int decisions = 0, rescales = 0, peak = 0, peakEci = 0;
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
                var (input, cpu) = ReadInput(cluster, scaler);
                podCpu = cpu;
                var decision = DecisionPipeline.Decide(input with { Prepared = prepared, Settings = settings, Conditions = conditions }, history, now);
                decisions++;
                if (decision.Rescale) rescales++;
                if (Apply(cluster, decision))
                {
                    cluster.Settle();
                    endpoints.Resync();
                }
                history = decision.History;
                conditions = decision.Conditions;
                var c = Count(cluster);
                peak = Math.Max(peak, c.EcsReady + c.EciReady);
                peakEci = Math.Max(peakEci, c.EciReady);
                var cost = cluster.Cost.Totals.Total - costBefore.Total;
                rows.Add(new SyncRow(offset.TotalSeconds, trace.RateAt(offset), decision.DesiredReplicas, c.EcsReady, c.EciReady, c.Starting, c.Pending, c.Terminating,
                    tally.Served - periodStart.Served, tally.Late - periodStart.Late, tally.NotOk - periodStart.NotOk, Utilization(cluster, input), (double)cost));
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
        });
    }

    /// <summary>Applies a decision as the service would; true when it wrote anything.</summary>
    private static bool Apply(SimulatedCluster cluster, Decision decision)
    {
        if (decision.DryRun) return false;
        bool wrote = false;
        if (decision.Placement is { } plan)
        {
            foreach (var action in plan.Actions)
            {
                if (action.Kind == Core.Placement.PlacementActionKind.Create && action.Pool == Core.Placement.PlacementPool.Eci)
                {
                    var rs = CurrentReplicaSet(cluster);
                    if (rs is null) continue;
                    var template = rs["spec"]?["template"] as JsonObject ?? [];
                    for (int i = 0; i < action.Count; i++)
                        cluster.Api.Resources.Create(cluster.Context.Pods, Ns, Cluster.Workloads.PodsOf.FromTemplate(rs, template, null,
                            (string)rs["metadata"]!["name"]! + "-", new Dictionary<string, string> { [Cluster.Scheduling.EciRule.Label] = "true" }));
                    wrote |= action.Count > 0;
                }
                else if (action.Kind == Core.Placement.PlacementActionKind.Delete)
                {
                    foreach (var name in action.Pods)
                        wrote |= cluster.Context.TryDelete(cluster.Context.Pods, Ns, name);
                }
            }
        }
        if (decision.Rescale)
        {
            SetReplicas(cluster, decision.DesiredReplicas);
            wrote = true;
        }
        return wrote;
    }

    private static void SetReplicas(SimulatedCluster cluster, int replicas) =>
        cluster.Api.Resources.Write(cluster.Context.Deployments, Ns, App, d =>
        {
            d["spec"]!["replicas"] = replicas;
            return d;
        }, null, new Semantics.WriteOptions(FieldManager: "elasticscaler"));

    /// <summary>The Deployment's newest ReplicaSet (highest deployment.kubernetes.io/revision).</summary>
    private static JsonObject? CurrentReplicaSet(SimulatedCluster cluster)
    {
        var store = cluster.Api.Store;
        var deployment = store.Get("deployments.apps", Ns, App);
        if (deployment is null) return null;
        return store.List("replicasets.apps", Ns).Items
            .Where(r => r.OwnerUids.Contains(deployment.Uid))
            .Select(r => r.Parse())
            .OrderByDescending(r => long.TryParse((string?)r["metadata"]?["annotations"]?["deployment.kubernetes.io/revision"], out var v) ? v : 0)
            .FirstOrDefault();
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

    /// <summary>
    /// The engine's input from the store's objects, each read through <see cref="KubernetesObjects"/> as the service
    /// reads its cache: the Deployment's scale, the target's pods, their PodMetrics (metrics.k8s.io's shape, from the
    /// metrics store), the nodes with what every bound pod requests, and the Deployment's pod template.
    /// </summary>
    private static (DecisionInput Input, double PodCpu) ReadInput(SimulatedCluster cluster, ScalerUnderTest scaler)
    {
        var store = cluster.Api.Store;
        using var deploymentJson = JsonDocument.Parse(store.Get("deployments.apps", Ns, App)!.Json);
        var deployment = deploymentJson.RootElement;
        var template = Read(KubernetesObjects.PodTemplate(deployment.GetProperty("spec").GetProperty("template"), $"deployments/{App}.spec.template"));
        // The Deployment's /scale subresource, as the API serves it: replicas and the selector over its pods.
        var scale = Read(KubernetesObjects.Scale(JsonSerializer.SerializeToElement(cluster.Api.Resources.GetScale(cluster.Context.Deployments, Ns, App)), $"deployments/{App}/scale"));

        var pods = new List<PodState>();
        var clusterPods = new List<PodState>();
        var metrics = new List<PodMetricsSample>();
        foreach (var stored in store.List("pods", null).Items)
        {
            var pod = Read(stored, KubernetesObjects.Pod);
            clusterPods.Add(pod);
            if (stored.Namespace != Ns || !stored.Labels.TryGetValue("app", out var a) || a != App) continue;
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
            SpecReplicas = scale.SpecReplicas,
            StatusReplicas = scale.StatusReplicas,
            Selector = scale.Selector,
            Pods = pods,
            PodMetrics = metrics,
            Nodes = KubernetesObjects.WithRequested(nodes, clusterPods),
            Template = template,
        };
        double cpu = template.Requests.TryGetValue("cpu", out var q) ? (double)q.Value : 0.5;
        return (input, cpu);
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
