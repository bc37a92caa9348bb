using System.Text.Json.Nodes;
using ElasticScaler.Service.Events;
using ElasticScaler.Sim.Faults;

namespace ElasticScaler.Service.Integration.Tests;

/// <summary>What the service asks of the API: caches, not calls; writes only on change; the role, and nothing more, is what it uses.</summary>
public sealed class ApiUsageTests
{
    [Fact]
    public async Task In_steady_state_the_service_reads_only_PodMetrics_and_writes_nothing()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100));
        s.Load(_ => 12); // 40 replicas, then steady
        await s.RunAsync(TimeSpan.FromMinutes(3));
        s.Cluster.Api.Audit.Clear();
        long writesBefore = s.Service.Actuator.ScaleWrites, statusBefore = s.Service.Status.Writes;

        await s.RunAsync(TimeSpan.FromMinutes(2)); // eight syncs

        var requests = s.Requests();
        var reads = requests.Where(r => r.Verb is "get" or "list").ToList();
        Assert.All(reads, r => Assert.Equal(("metrics.k8s.io", "pods", "list"), (r.Group, r.Resource, r.Verb)));
        Assert.InRange(reads.Count, 7, 9); // one per sync period for the namespace
        Assert.DoesNotContain(requests, r => r.Verb is "create" or "update" or "patch" or "delete");
        Assert.Equal((writesBefore, statusBefore), (s.Service.Actuator.ScaleWrites, s.Service.Status.Writes));
    }

    [Fact]
    public async Task A_steady_scaler_whose_warning_holds_costs_no_event_write_between_repeat_intervals_and_no_other_write()
    {
        await using var s = await Scenario.StartAsync();
        s.Apply(Scalers.Seed(min: 22, max: 100));
        // Refused at every sync with the same FailedGetScale warning: nothing about it changes from sync to sync.
        s.Apply(Scalers.Seed(name: "orphan", target: "missing", min: 1, max: 10));
        s.Load(_ => 12); // 40 replicas, then steady
        await s.RunAsync(TimeSpan.FromMinutes(3));
        var warning = Assert.Single(s.Events("FailedGetScale"));
        Assert.Equal(2, (int?)warning["count"]); // the first repeat is written: the event shows it recurs
        s.Cluster.Api.Audit.Clear();
        long eventsBefore = s.Service.Events.Written, writesBefore = s.Service.Actuator.ScaleWrites, statusBefore = s.Service.Status.Writes;

        await s.RunAsync(TimeSpan.FromMinutes(2)); // eight syncs of each scaler

        Assert.DoesNotContain(s.Requests(), r => r.Verb is "create" or "update" or "patch" or "delete");
        Assert.Equal((eventsBefore, writesBefore, statusBefore), (s.Service.Events.Written, s.Service.Actuator.ScaleWrites, s.Service.Status.Writes));
        Assert.Equal(2, (int?)Assert.Single(s.Events("FailedGetScale"))["count"]);

        // Once the repeat interval has passed, one PATCH carries every repeat folded in since.
        await s.RunAsync(EventRecorder.RepeatInterval);
        var patches = s.Requests().Where(r => r.Verb is "create" or "update" or "patch" or "delete").ToList();
        Assert.Equal([("patch", "events")], patches.Select(r => (r.Verb, r.Resource)));
        Assert.True((int?)Assert.Single(s.Events("FailedGetScale"))["count"] >= 2 + 8 + 8, "the count holds the folded repeats");
    }

    [Fact]
    public async Task Scalers_of_one_namespace_share_one_PodMetrics_read_per_sync_period()
    {
        await using var s = await Scenario.StartAsync();
        StatefulSets.Create(s, "db-a", replicas: 1);
        StatefulSets.Create(s, "db-b", replicas: 1);
        s.Apply(Scalers.Seed(min: 22, max: 100));
        foreach (var name in new[] { "db-a", "db-b" })
        {
            var db = Scalers.Seed(name: name, min: 1, max: 4);
            db["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = name };
            db["spec"]!.AsObject().Remove("placement");
            s.Apply(db);
        }
        s.Load(_ => 8);
        await s.RunAsync(TimeSpan.FromMinutes(1));
        s.Cluster.Api.Audit.Clear();
        long syncsBefore = s.Service.Syncs;
        var timedBefore = s.Service.Metrics.MetricSourceDuration.WithLabels("resource").Count;

        await s.RunAsync(TimeSpan.FromMinutes(2)); // eight sync periods, three scalers each

        var reads = s.Requests().Count(r => (r.Group, r.Resource, r.Verb) == ("metrics.k8s.io", "pods", "list"));
        Assert.True(s.Service.Syncs - syncsBefore >= 24, $"{s.Service.Syncs - syncsBefore} syncs");
        Assert.InRange(reads, 7, 9); // one per period for the namespace, not one per scaler
        Assert.Equal(reads, (int)(s.Service.Metrics.MetricSourceDuration.WithLabels("resource").Count - timedBefore)); // each timed once
    }

    [Fact]
    public async Task Every_verb_the_role_grants_is_used_by_some_scenario_and_none_is_refused()
    {
        RbacUsage.Reset();
        // One scenario that walks every path that writes: a burst onto a twin, its template roll, a StatefulSet
        // twin, a custom /scale target, a status conflict (the re-read), repeated warnings (the event patch), and
        // the hand-back on delete (finalizer patches, the twin's delete).
        await using (var s = await Scenario.StartAsync())
        {
            s.Apply(Scalers.Seed(min: 30, max: 100));
            s.Load(_ => 6);
            s.Cluster.Api.Faults.Add(new FaultRule { Resource = "elasticscalers/status", Verb = "update", ConflictShare = 1, Count = 1 });
            await s.RunAsync(TimeSpan.FromSeconds(40));
            s.Api.Patch(s.Cluster.Context.Deployments, Scenario.Ns, Scenario.App, Sim.Semantics.ResourceService.MergePatch, new JsonObject
            {
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["release"] = "2" } } } },
            });
            await s.RunAsync(TimeSpan.FromSeconds(20));

            Manifests.Apply(s.Cluster, Manifests.Path("tests", "ElasticScaler.Service.Integration.Tests", "Data", "widgets-crd.yaml"));
            var widgets = s.Cluster.Api.Registry.FindByKind("example.com/v1", "Widget")!;
            s.Api.Create(widgets, Scenario.Ns, new JsonObject
            {
                ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "gadget" }, ["spec"] = new JsonObject { ["replicas"] = 3 },
            });
            var gadget = Scalers.Seed(name: "gadget", min: 1, max: 10);
            gadget["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["name"] = "gadget" };
            s.Apply(gadget);
            StatefulSets.Create(s, "db", replicas: 1);
            var db = Scalers.Seed(name: "db", min: 2, max: 4);
            db["spec"]!["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = "db" };
            db["spec"]!["placement"] = Scalers.Fixed(ecs: 1);
            // Its metrics also come from the custom (a get) and external (a list) metrics APIs; both propose 1, below the floor.
            s.Cluster.Api.SetCustomMetric(Scenario.Ns, "services", "wordpress", "http_requests_per_second", 1);
            s.Cluster.Api.SetExternalMetric(Scenario.Ns, "queue_depth", new Sim.Api.ExternalSeries(1));
            db["spec"]!["metrics"]!.AsArray().Add(new JsonObject
            {
                ["type"] = "Object",
                ["object"] = new JsonObject
                {
                    ["describedObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["name"] = "wordpress" },
                    ["metric"] = new JsonObject { ["name"] = "http_requests_per_second" },
                    ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = "100" },
                },
            });
            db["spec"]!["metrics"]!.AsArray().Add(new JsonObject
            {
                ["type"] = "External",
                ["external"] = new JsonObject { ["metric"] = new JsonObject { ["name"] = "queue_depth" }, ["target"] = new JsonObject { ["type"] = "AverageValue", ["averageValue"] = "100" } },
            });
            s.Apply(db);
            await s.RunAsync(TimeSpan.FromSeconds(40));
            // The StatefulSet target has its twin too. Fixed asks for one on ECS, but ECS is full (WordPress holds it), so
            // the pending ECS pod moved to ECI after the timeout: the floor's two replicas run on the twin.
            var dbTwin = s.Api.TryGet(s.Cluster.Context.StatefulSets, Scenario.Ns, "db-eci");
            Assert.NotNull(dbTwin);
            Assert.Equal((0, 2), ((int?)s.Api.Get(s.Cluster.Context.StatefulSets, Scenario.Ns, "db")["spec"]!["replicas"], (int?)dbTwin["spec"]!["replicas"]));
            s.Api.Patch(s.Cluster.Context.StatefulSets, Scenario.Ns, "db", Sim.Semantics.ResourceService.MergePatch, new JsonObject
            {
                ["spec"] = new JsonObject { ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["release"] = "2" } } } },
            });
            await s.RunAsync(TimeSpan.FromSeconds(20));

            var type = s.Cluster.Api.Registry.FindByKind("autoscaling.elasticscaler.io/v1alpha1", "ElasticScaler")!;
            s.Api.Delete(type, Scenario.Ns, "wordpress");
            s.Api.Delete(type, Scenario.Ns, "db");
            s.Cluster.Nodes.AddNodes(Sim.Cluster.Presets.SeedPreset.EcsPool, 1);
            await s.RunAsync(TimeSpan.FromSeconds(90));
            Assert.Null(s.Scaler("wordpress"));
            Assert.Null(s.Scaler("db"));
            // A custom /scale target is scaled without placement, and its status says so.
            var placement = s.Scaler("gadget")!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "PlacementActive")!;
            Assert.Equal(("False", "PlacementUnsupported"), ((string?)placement["status"], (string?)placement["reason"]));
        }

        var role = Manifests.Read(File.ReadAllText(Manifests.Path("deploy", "rbac", "cluster-role.yaml"))).First(o => (string?)o["kind"] == "ClusterRole");
        var unused = new List<string>();
        foreach (var rule in role["rules"]!.AsArray())
            foreach (var group in rule!["apiGroups"]!.AsArray().Select(g => (string)g!))
                foreach (var resource in rule["resources"]!.AsArray().Select(r => (string)r!))
                    foreach (var verb in rule["verbs"]!.AsArray().Select(v => (string)v!))
                        if (!RbacUsage.WasUsed(group, resource, verb)) unused.Add($"{verb} {(group.Length == 0 ? "core" : group)}/{resource}");
        Assert.True(unused.Count == 0, "granted but never used by any scenario (remove them or add the scenario): " + string.Join(", ", unused));
    }
}

/// <summary>A StatefulSet the seed does not have, for the StatefulSet twin.</summary>
internal static class StatefulSets
{
    public static void Create(Scenario s, string name, int replicas)
    {
        s.Api.Create(s.Cluster.Context.StatefulSets, Scenario.Ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["serviceName"] = name,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "db", ["image"] = "mysql:8",
                            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "256Mi" } },
                        }),
                    },
                },
            },
        });
    }
}
