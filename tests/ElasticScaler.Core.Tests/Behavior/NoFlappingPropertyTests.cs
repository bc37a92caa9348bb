using CsCheck;
using ElasticScaler.Core.Behavior;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Tests.Behavior;

/// <summary>Invariants over random specs and starting points, run for 40 syncs of 15 s each with a constant proposal.</summary>
public sealed class NoFlappingPropertyTests
{
    private static readonly Gen<ScalingPolicy> GenPolicy =
        Gen.Select(Gen.Enum<ScalingPolicyType>(), Gen.Int[1, 200], Gen.Int[1, 120],
            (type, value, period) => new ScalingPolicy { Type = type, Value = value, PeriodSeconds = period });

    private static readonly Gen<ScalingRules?> GenRules = Gen.Frequency(
        (1, Gen.Const((ScalingRules?)null)),
        (3, Gen.Select(Gen.Int[0, 300], Gen.Enum<SelectPolicy>(), GenPolicy.Array[1, 3],
            (window, select, policies) => (ScalingRules?)new ScalingRules { StabilizationWindowSeconds = window, SelectPolicy = select, Policies = policies })));

    private static readonly Gen<BehaviorSpec?> GenBehavior = Gen.Frequency(
        (1, Gen.Const((BehaviorSpec?)null)),
        (3, Gen.Select(GenRules, GenRules, Gen.Bool,
            (up, down, panic) => (BehaviorSpec?)new BehaviorSpec { ScaleUp = up, ScaleDown = down, Panic = new PanicSpec { Enabled = panic } })));

    private sealed record Scenario(int Min, int Max, int Start, int Proposal, BehaviorSpec? Behavior)
    {
        // The target starts at 1 or more: a target at 0 with min > 0 means scaling is disabled, by design.
        public IReadOnlyList<int> Run()
        {
            var sync = new Sync(new BehaviorInput { CurrentReplicas = Start, MinReplicas = Min, MaxReplicas = Max, Behavior = Behavior });
            var desired = new List<int>(40);
            for (int i = 0; i < 40; i++) desired.Add(sync.Step(Proposal).DesiredReplicas);
            return desired;
        }
    }

    private static readonly Gen<Scenario> GenScenario =
        Gen.Select(Gen.Int[0, 20], Gen.Int[0, 100], Gen.Int[1, 200], Gen.Int[0, 300], GenBehavior,
            (min, span, start, proposal, behavior) => new Scenario(min, Math.Max(1, min + span), start, proposal, behavior));

    [Fact]
    public void Desired_replicas_always_stay_within_min_and_max() =>
        GenScenario.Sample(s => s.Run().All(d => d >= s.Min && d <= s.Max), iter: 300);

    [Fact]
    public void A_constant_proposal_never_makes_the_count_change_direction() =>
        GenScenario.Sample(s =>
        {
            var desired = s.Run();
            int direction = 0, previous = s.Start;
            foreach (var d in desired)
            {
                int step = Math.Sign(d - previous);
                if (step != 0 && direction != 0 && step != direction) return false;
                if (step != 0) direction = step;
                previous = d;
            }
            return true;
        }, iter: 300);

    [Fact]
    public void Each_sync_moves_toward_the_clamped_proposal_without_overshooting() =>
        GenScenario.Sample(s =>
        {
            int target = Math.Clamp(s.Proposal, s.Min, s.Max), previous = s.Start;
            foreach (var d in s.Run())
            {
                if (d < Math.Min(previous, target) || d > Math.Max(previous, target)) return false;
                previous = d;
            }
            return true;
        }, iter: 300);
}
