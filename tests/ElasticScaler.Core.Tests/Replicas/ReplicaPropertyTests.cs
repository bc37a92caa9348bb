using CsCheck;
using ElasticScaler.Core.Replicas;
using static ElasticScaler.Core.Tests.Replicas.Fx;

namespace ElasticScaler.Core.Tests.Replicas;

/// <summary>Invariants of the replica formula over random fleets.</summary>
public sealed class ReplicaPropertyTests
{
    private static readonly Gen<(int Target, long[] Levels, long Delta)> ReadyFleet =
        from n in Gen.Int[1, 30]
        from target in Gen.Int[1, 200]
        from levels in Gen.Long[0, 3000].Array[n]
        from delta in Gen.Long[0, 500]
        select (target, levels, delta);

    [Fact]
    public void Raising_every_pods_usage_never_lowers_the_utilization_proposal()
    {
        ReadyFleet.Sample(t =>
        {
            var n = t.Levels.Length;
            var before = Propose(n, t.Target, t.Levels);
            var after = Propose(n, t.Target, t.Levels.Select(l => l + t.Delta).ToArray());
            return after >= before;
        });

        static int Propose(int n, int target, long[] levels)
        {
            var f = new Scenario { CurrentReplicas = n, Requests = CpuRequests(n, "500m"), Levels = Levels(levels) };
            var p = ReplicaCalculator.GetResourceReplicas(n, target, "cpu", null, Tolerance.Default, f.BuildPods(), f.BuildPodMetrics(), null, Testing, Now);
            Assert.Null(p.Error);
            return p.Replicas;
        }
    }

    private static readonly Gen<(int Target, long[] Levels, bool[] Ready, bool[] HasSample)> MixedFleet =
        from n in Gen.Int[1, 20]
        from target in Gen.Int[10, 150]
        from levels in Gen.Long[0, 2000].Array[n]
        from ready in Gen.Bool.Array[n]
        from hasSample in Gen.Bool.Array[n]
        select (target, levels, ready, hasSample);

    [Fact]
    public void A_proposal_never_moves_against_the_measured_ratio()
    {
        // With no pods set aside, neither the missing/unready second pass nor the pod count may turn a
        // reading above target into a scale-down, or one below target into a scale-up.
        MixedFleet.Sample(t =>
        {
            var n = t.Levels.Length;
            var f = new Scenario { CurrentReplicas = n, Requests = CpuRequests(n, "1"), Levels = Levels(t.Levels), Readiness = t.Ready };
            var metrics = f.BuildPodMetrics().Where((_, i) => t.HasSample[i]).ToArray();
            var p = ReplicaCalculator.GetResourceReplicas(n, t.Target, "cpu", null, Tolerance.Default, f.BuildPods(), metrics, null, Testing, Now);
            if (p.Error is not null) return true; // nothing ready to measure: no proposal at all
            var ratio = (double)p.Utilization!.Value / t.Target;
            return ratio > 1 ? p.Replicas >= n : ratio < 1 ? p.Replicas <= n : p.Replicas == n;
        });
    }

    [Fact]
    public void Inside_the_tolerance_band_the_count_never_changes()
    {
        Gen.Select(Gen.Int[1, 50], Gen.Long[1, 1_000_000], Gen.Double[0.0, 0.5], Gen.Double[0.0, 0.5], Gen.Double[-1, 1])
            .Sample((replicas, target, down, up, where) =>
            {
                var tolerance = new Tolerance(down, up);
                // A total that lands inside [1 - down, 1 + up] of replicas × target.
                var ratio = 1 + (where < 0 ? where * down : where * up);
                var total = (long)Math.Round(ratio * target * replicas);
                var p = ReplicaCalculator.GetExternalPerPodMetricReplicas(replicas, target, Milli(total), tolerance);
                var actual = total / ((double)target * replicas);
                return !tolerance.Contains(actual) || p.Replicas == replicas;
            });
    }
}
