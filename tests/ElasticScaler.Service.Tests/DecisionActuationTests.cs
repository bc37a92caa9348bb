using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Placement;
using ElasticScaler.Core.Spec;
using ElasticScaler.Service.Controller;
using ElasticScaler.Service.Kube;

namespace ElasticScaler.Service.Tests;

/// <summary>The act step over a recording transport: which writes a decision makes, in which order, and what a failure leaves.</summary>
public sealed class DecisionActuationTests
{
    /// <summary>Records every write as "verb path"; fails the one whose index is <see cref="FailAt"/> with a 409.</summary>
    private sealed class RecordingWriter : IKubeWriter
    {
        public List<(string Call, JsonNode? Body)> Calls { get; } = [];
        public int FailAt { get; init; } = -1;

        private Task<JsonDocument?> Record(string verb, string path, JsonNode? body)
        {
            Calls.Add(($"{verb} {path}", body?.DeepClone()));
            return Calls.Count - 1 == FailAt
                ? Task.FromException<JsonDocument?>(new KubeApiException(HttpStatusCode.Conflict, "Conflict", "the object has been modified", verb, path))
                : Task.FromResult<JsonDocument?>(null);
        }

        public Task<JsonDocument?> CreateAsync(string collectionPath, JsonNode body, CancellationToken ct) => Record("create", collectionPath, body);
        public Task<JsonDocument?> ReplaceAsync(string path, JsonNode body, CancellationToken ct) => Record("update", path, body);
        public Task<JsonDocument?> MergePatchAsync(string path, JsonNode patch, CancellationToken ct) => Record("merge-patch", path, patch);
        public Task<JsonDocument?> JsonPatchAsync(string path, JsonNode patch, CancellationToken ct) => Record("json-patch", path, patch);
        public Task<JsonDocument?> DeleteAsync(string path, JsonNode? options, CancellationToken ct) => Record("delete", path, options);
    }

    private sealed class Observer : IActuationObserver
    {
        public List<string> Seen { get; } = [];

        public Task TwinEnsuredAsync(TwinState twin, CancellationToken ct)
        {
            Seen.Add($"twin created={twin.Created} updated={twin.Updated}");
            return Task.CompletedTask;
        }

        public void Wrote(ReplicaWrite write) => Seen.Add($"wrote {write.Part} {write.From}->{write.To}");
    }

    private const string Scale = "/apis/apps/v1/namespaces/wordpress/deployments/wordpress/scale";
    private const string TwinScale = "/apis/apps/v1/namespaces/wordpress/deployments/wordpress-eci/scale";

    private static readonly PlacementSpec Placement = new();

    private static WorkloadObject Workload(JsonObject obj) => WorkloadObject.Read(JsonDocument.Parse(obj.ToJsonString()).RootElement);

    private static TargetScale Target(int replicas) => TargetScale.Of(ApiResource.Deployments, Workload(Fixtures.Deployment("wordpress", replicas)));

    private static Decision Decision(int current, int desired, PoolReplicas? next, bool dryRun = false, IReadOnlyList<string>? specErrors = null) => new()
    {
        Kind = ScalerKind.ElasticScaler,
        Now = DateTimeOffset.UnixEpoch,
        CurrentReplicas = current,
        DesiredReplicas = desired,
        DryRun = dryRun,
        MinReplicas = 1,
        MaxReplicas = 100,
        Placement = next is { } n ? new PlacementPlan(desired, n.Ecs, n.Eci, 0, [], PlacementHistory.Empty, "EcsFirst", default) { Next = n } : null,
        Conditions = ImmutableArray<Core.Conditions.ScalerCondition>.Empty,
        SpecErrors = specErrors ?? [],
        History = DecisionHistory.Empty,
        HistoryIfScaleFails = DecisionHistory.Empty,
    };

    [Fact]
    public void The_writes_of_a_decision_are_the_plans_two_counts_in_twin_writes_order_or_the_total_to_the_target()
    {
        Assert.Equal([new ReplicaWrite(TwinPart.Twin, 5, 6), new ReplicaWrite(TwinPart.Target, 20, 19)],
            DecisionActuation.Writes(Decision(25, 25, new(19, 6)), twinned: true, new PoolReplicas(20, 5)));
        Assert.Equal([new ReplicaWrite(TwinPart.Target, 22, 30)], DecisionActuation.Writes(Decision(22, 30, new(22, 8)), twinned: false, new PoolReplicas(22, 0)));
        Assert.Empty(DecisionActuation.Writes(Decision(22, 22, new(22, 0)), twinned: true, new PoolReplicas(22, 0)));
        Assert.Empty(DecisionActuation.Writes(Decision(22, 30, new(22, 8), dryRun: true), twinned: true, new PoolReplicas(22, 0)));
        Assert.Empty(DecisionActuation.Writes(Decision(22, 30, null, specErrors: ["spec.maxReplicas: 0: must be at least 1"]), twinned: false, new PoolReplicas(22, 0)));
    }

    [Fact]
    public async Task A_first_burst_adds_the_finalizer_creates_the_twin_at_zero_then_scales_it_and_never_writes_a_pod()
    {
        var writer = new RecordingWriter();
        var observer = new Observer();
        // The cache claimed a twin count of 3 that nothing backs: a twin just created holds 0, whatever was read.
        var made = await new DecisionActuation(new Actuator(writer)).ActAsync(new ActuationRequest
        {
            Scaler = Fixtures.Scaler(),
            Target = Target(22),
            Twin = null,
            Current = new PoolReplicas(22, 3),
            Decision = Decision(25, 30, new(22, 8)),
            Placement = Placement,
            Ack = true,
            EciDefaults = EciPodDefaults.Ack,
        }, observer, CancellationToken.None);

        Assert.Equal(
            ["json-patch /apis/autoscaling.elasticscaler.io/v1alpha1/namespaces/wordpress/elasticscalers/wordpress",
             "create /apis/apps/v1/namespaces/wordpress/deployments",
             "merge-patch " + TwinScale],
            writer.Calls.Select(c => c.Call));
        var twin = writer.Calls[1].Body!;
        Assert.Equal(("wordpress-eci", 0, "es-uid"), ((string?)twin["metadata"]!["name"], (int?)twin["spec"]!["replicas"], (string?)twin["metadata"]!["ownerReferences"]![0]!["uid"]));
        Assert.Equal(8, (int?)writer.Calls[2].Body!["spec"]!["replicas"]);
        Assert.Equal([new ReplicaWrite(TwinPart.Twin, 0, 8)], made);
        Assert.Equal(["twin created=True updated=False", "wrote Twin 0->8"], observer.Seen);
        Assert.DoesNotContain(writer.Calls, c => c.Call.Contains("/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_write_stops_the_rest_and_the_writes_before_it_are_reported()
    {
        var writer = new RecordingWriter { FailAt = 1 };
        var observer = new Observer();
        var scaler = Fixtures.Scaler() with { Finalizers = [ScalerObject.HandBackFinalizer] };
        var twin = Workload(Fixtures.Deployment("wordpress-eci", 5, ownerUid: "es-uid"));
        // The twin's hash matches what the target gives, so it is not re-templated: only the two scale writes remain.
        var target = Target(20);
        twin = twin with { Annotations = new Dictionary<string, string> { [TwinWorkload.TemplateHashAnnotation] = TwinWorkload.HashOf(target.Workload!, EciPodDefaults.Ack.Resolve(Placement.Eci, ack: false)) } };

        var e = await Assert.ThrowsAsync<KubeApiException>(() => new DecisionActuation(new Actuator(writer)).ActAsync(new ActuationRequest
        {
            Scaler = scaler,
            Target = target,
            Twin = twin,
            Current = new PoolReplicas(20, 5),
            Decision = Decision(25, 25, new(19, 6)),
            Placement = Placement,
            EciDefaults = EciPodDefaults.Ack,
        }, observer, CancellationToken.None));

        Assert.True(e.IsConflict);
        Assert.Equal(["merge-patch " + TwinScale, "merge-patch " + Scale], writer.Calls.Select(c => c.Call));
        Assert.Equal(["twin created=False updated=False", "wrote Twin 5->6"], observer.Seen);
    }

    [Fact]
    public async Task Without_a_placement_the_desired_total_goes_to_the_targets_scale_and_a_dry_run_writes_nothing()
    {
        var writer = new RecordingWriter();
        var actuation = new DecisionActuation(new Actuator(writer));
        var plain = new ActuationRequest { Scaler = Fixtures.Scaler(), Target = Target(22), Current = new PoolReplicas(22, 0), Decision = Decision(22, 30, null), EciDefaults = EciPodDefaults.Ack };

        Assert.Equal([new ReplicaWrite(TwinPart.Target, 22, 30)], await actuation.ActAsync(plain, null, CancellationToken.None));
        Assert.Equal(["merge-patch " + Scale], writer.Calls.Select(c => c.Call));
        Assert.Equal(30, (int?)writer.Calls[0].Body!["spec"]!["replicas"]);

        writer.Calls.Clear();
        Assert.Empty(await actuation.ActAsync(plain with { Decision = Decision(22, 30, new(22, 8), dryRun: true), Placement = Placement }, null, CancellationToken.None));
        Assert.Empty(writer.Calls);
    }
}
