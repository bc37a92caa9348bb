using CsCheck;
using ElasticScaler.Core.Decisions;
using ElasticScaler.Core.Spec;
using static ElasticScaler.Core.Tests.Decisions.DecisionFixtures;

namespace ElasticScaler.Core.Tests.Decisions;

/// <summary>
/// Invariants of whole decisions in a closed loop: a constant total CPU load spreads over however many pods the
/// previous decision asked for, synced every 15 s, as the service runs it.
/// </summary>
public sealed class DecisionPropertyTests
{
    private sealed record Loop(int Min, int Max, int Start, long TotalLoadMilli, int Target, ScheduleSpec? Window, BehaviorSpec? Behavior, int StartMinute)
    {
        public ScalerSpec Spec => NewSpec(Min, Max, Target) with
        {
            Behavior = Behavior,
            Schedules = Window is null ? [] : [Window],
        };

        /// <summary>Runs 60 syncs (15 minutes); returns each decision.</summary>
        public List<Decision> Run()
        {
            // One spec object for the whole loop: Spec builds a new (equal) one on every read, and a prepared spec
            // belongs to the object it was prepared from.
            var spec = Spec;
            var prepared = PreparedSpec.Prepare(spec, Core.State.ControllerSettings.Default);
            var history = DecisionHistory.Empty;
            int current = Start;
            var decisions = new List<Decision>(60);
            var t = Now.AddMinutes(StartMinute);
            for (int i = 0; i < 60; i++, t = t.AddSeconds(15))
            {
                var input = InputWithLoad(spec, current, TotalLoadMilli, t) with { Prepared = prepared };
                var d = DecisionPipeline.Decide(input, history, t);
                decisions.Add(d);
                history = d.History;
                current = d.DesiredReplicas;
            }
            return decisions;
        }
    }

    private static readonly Gen<ScheduleSpec?> GenWindow = Gen.Frequency(
        (1, Gen.Const((ScheduleSpec?)null)),
        (2, Gen.Select(Gen.Int[0, 59], Gen.Int[1, 30], Gen.Int[0, 60], Gen.Int[0, 80],
            (minute, lengthMinutes, floor, ceiling) => (ScheduleSpec?)new ScheduleSpec
            {
                Name = "promo",
                Start = $"0 {minute} 14 * * ?",
                Duration = $"{lengthMinutes}m",
                MinReplicas = floor,
                MaxReplicas = ceiling == 0 ? null : Math.Max(ceiling, floor), // a window's max below its min is a spec error
            })));

    private static readonly Gen<BehaviorSpec?> GenBehavior = Gen.Frequency(
        (2, Gen.Const((BehaviorSpec?)null)),
        (2, Gen.Const((BehaviorSpec?)new BehaviorSpec())),
        (1, Gen.Const((BehaviorSpec?)new BehaviorSpec { Panic = new PanicSpec { Enabled = true } })));

    private static readonly Gen<Loop> GenLoop =
        Gen.Select(Gen.Int[1, 10], Gen.Int[0, 40], Gen.Int[1, 60], Gen.Long[0, 60_000], Gen.Int[20, 90], GenWindow, GenBehavior, Gen.Int[-10, 70],
            (min, span, start, load, target, window, behavior, startMinute) =>
                new Loop(min, min + span, start, load, target, window, behavior, startMinute));

    [Fact]
    public void Every_generated_spec_is_valid() =>
        GenLoop.Sample(loop => PreparedSpec.Prepare(loop.Spec, Core.State.ControllerSettings.Default).IsValid, iter: 150);

    [Fact]
    public void Desired_replicas_never_leave_the_bounds_in_force_once_the_target_is_running() =>
        GenLoop.Sample(loop => loop.Run().All(d => d.DesiredReplicas >= d.MinReplicas && d.DesiredReplicas <= d.MaxReplicas), iter: 150);

    /// <summary>
    /// No flapping: under a constant load the count settles. It may change direction once, because HPA computes
    /// utilization in whole percent before the ratio (replica_calculator.go), so a large scale-down can land one
    /// step short and the next sync corrects it upward; after that it holds still.
    /// </summary>
    [Fact]
    public void A_constant_load_settles_with_at_most_one_change_of_direction() =>
        GenLoop.Where(l => l.Window is null).Sample(loop =>
        {
            int direction = 0, changes = 0, previous = loop.Start;
            var decisions = loop.Run();
            foreach (var d in decisions)
            {
                int step = Math.Sign(d.DesiredReplicas - previous);
                if (step != 0 && direction != 0 && step != direction) changes++;
                if (step != 0) direction = step;
                previous = d.DesiredReplicas;
            }
            var last = decisions.TakeLast(10).Select(d => d.DesiredReplicas).Distinct().Count();
            return changes <= 1 && last == 1;
        }, iter: 300);
}
