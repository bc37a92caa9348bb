using System.Globalization;

namespace ElasticScaler.Bench.Policy;

public enum GoalStatus { Met, NotMet, NotRun }

/// <summary>A goal's verdict, with the numbers it was judged on.</summary>
public sealed record GoalOutcome(string Goal, GoalStatus Status, string Detail);

/// <summary>
/// What ElasticScaler is meant to buy over today's setups, checked against the results:
/// <list type="number">
/// <item>flash-sale-announced, elasticscaler-tuned: withinSlo &gt;= 0.999 at cost &lt;= 0.5 x static-peak's;</item>
/// <item>flash-sale-unannounced: elasticscaler-tuned's withinSlo above seed-hpa-vk's, at cost &lt;= 1.1 x its cost;</item>
/// <item>sawtooth: elasticscaler makes fewer scale events than seed-hpa-vk;</item>
/// <item>diurnal-24h: elasticscaler runs fewer ECI pod-seconds than seed-hpa-vk at equal or better withinSlo.</item>
/// </list>
/// A goal whose pairs were not run (a --traces or --policies selection) is NotRun.
/// </summary>
public static class Goals
{
    public static IReadOnlyList<GoalOutcome> Evaluate(IReadOnlyList<BenchResult> results)
    {
        BenchResult? Find(string trace, string policy) => results.FirstOrDefault(r => r.Trace == trace && r.Policy == policy);
        var inv = CultureInfo.InvariantCulture;
        var outcomes = new List<GoalOutcome>();

        const string g1 = "flash-sale-announced: elasticscaler-tuned withinSlo >= 0.999 at cost <= 0.5 x static-peak";
        if (Find(Catalog.FlashSaleAnnounced, Catalog.ElasticScalerTuned) is { } t1)
        {
            bool met = t1.WithinSlo >= 0.999 && t1.CostUsd <= 0.5 * t1.StaticPeakCostUsd;
            outcomes.Add(new(g1, Verdict(met), string.Create(inv,
                $"withinSlo {t1.WithinSlo:0.00000}, cost {t1.CostUsd:0.000} = {Ratio(t1.CostUsd, t1.StaticPeakCostUsd)} x static-peak's {t1.StaticPeakCostUsd:0.000}")));
        }
        else outcomes.Add(NotRun(g1, "flash-sale-announced x elasticscaler-tuned"));

        const string g2 = "flash-sale-unannounced: elasticscaler-tuned withinSlo above seed-hpa-vk's at cost <= 1.1 x its cost";
        if (Find(Catalog.FlashSaleUnannounced, Catalog.ElasticScalerTuned) is { } t2 && Find(Catalog.FlashSaleUnannounced, Catalog.SeedHpaVk) is { } s2)
        {
            bool met = t2.WithinSlo > s2.WithinSlo && t2.CostUsd <= 1.1 * s2.CostUsd;
            outcomes.Add(new(g2, Verdict(met), string.Create(inv,
                $"withinSlo {t2.WithinSlo:0.00000} vs {s2.WithinSlo:0.00000}, cost {t2.CostUsd:0.000} vs {s2.CostUsd:0.000} ({Ratio(t2.CostUsd, s2.CostUsd)} x)")));
        }
        else outcomes.Add(NotRun(g2, "flash-sale-unannounced x elasticscaler-tuned and seed-hpa-vk"));

        const string g3 = "sawtooth: elasticscaler fewer scaleEvents than seed-hpa-vk";
        if (Find(Catalog.Sawtooth, Catalog.ElasticScaler) is { } e3 && Find(Catalog.Sawtooth, Catalog.SeedHpaVk) is { } s3)
            outcomes.Add(new(g3, Verdict(e3.ScaleEvents < s3.ScaleEvents), $"scaleEvents {e3.ScaleEvents} vs {s3.ScaleEvents}"));
        else outcomes.Add(NotRun(g3, "sawtooth x elasticscaler and seed-hpa-vk"));

        const string g4 = "diurnal-24h: elasticscaler eciPodSeconds below seed-hpa-vk's at equal or better withinSlo";
        if (Find(Catalog.Diurnal, Catalog.ElasticScaler) is { } e4 && Find(Catalog.Diurnal, Catalog.SeedHpaVk) is { } s4)
        {
            bool met = e4.EciPodSeconds < s4.EciPodSeconds && e4.WithinSlo >= s4.WithinSlo;
            outcomes.Add(new(g4, Verdict(met), string.Create(inv,
                $"eciPodSeconds {e4.EciPodSeconds:0} vs {s4.EciPodSeconds:0}, withinSlo {e4.WithinSlo:0.00000} vs {s4.WithinSlo:0.00000}")));
        }
        else outcomes.Add(NotRun(g4, "diurnal-24h x elasticscaler and seed-hpa-vk"));
        return outcomes;
    }

    private static GoalStatus Verdict(bool met) => met ? GoalStatus.Met : GoalStatus.NotMet;

    private static GoalOutcome NotRun(string goal, string pairs) => new(goal, GoalStatus.NotRun, $"not run: needs {pairs}");

    private static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
}
