using System.Text;
using CsCheck;
using ElasticScaler.LoadTest.Engine;
using ElasticScaler.LoadTest.Http;

namespace ElasticScaler.LoadTest.Tests.Engine;

public sealed class PropertyTests
{
    private static readonly Gen<LoadSimulation> ClosedStage = Gen.OneOf(
        Gen.Select(Gen.Int[0, 2000], Gen.Int[1, 600], (c, s) => (LoadSimulation)new KeepConstant(c, TimeSpan.FromSeconds(s))),
        Gen.Select(Gen.Int[0, 2000], Gen.Int[1, 600], (c, s) => (LoadSimulation)new RampingConstant(c, TimeSpan.FromSeconds(s))),
        Gen.Int[1, 60].Select(s => (LoadSimulation)new Pause(TimeSpan.FromSeconds(s))));

    [Fact]
    public void A_plan_never_asks_for_more_than_its_peak_or_less_than_zero_and_ends_at_its_duration()
    {
        Gen.Select(ClosedStage.Array[1, 8], Gen.Double[0, 1.2]).Sample((stages, fraction) =>
        {
            var plan = LoadPlan.Build(stages);
            var at = plan.Duration * fraction;
            var point = plan.At(at);

            return point.Finished == (at >= plan.Duration)
                && point.Target >= 0 && point.Target <= plan.Peak
                && (point.Finished || point.Target == Math.Round(point.Target));
        });
    }

    [Fact]
    public void A_chunked_body_ends_exactly_where_it_ends_however_it_is_cut()
    {
        Gen.Select(Gen.Int[1, 300].Array[0, 6], Gen.Int[1, 64]).Sample((sizes, cut) =>
        {
            var body = new StringBuilder();
            foreach (var size in sizes)
            {
                body.Append(size.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n").Append('a', size).Append("\r\n");
            }

            body.Append("0\r\n\r\n");
            var bytes = Encoding.ASCII.GetBytes(body + "GARBAGE");
            var reader = new ChunkedBodyReader();
            var used = 0;
            for (var offset = 0; offset < bytes.Length && !reader.IsDone; offset += cut)
            {
                used += reader.Consume(bytes.AsSpan(offset, Math.Min(cut, bytes.Length - offset)));
            }

            return reader.IsDone && used == bytes.Length - "GARBAGE".Length;
        });
    }

    [Fact]
    public void The_weighted_mix_sends_each_request_exactly_its_weight_per_cycle()
    {
        Gen.Int[1, 20].Array[1, 6].Sample(weights =>
        {
            var order = HttpScenario.WeightedOrder(weights);

            return order.Length == weights.Sum()
                && weights.Select((w, i) => order.Count(o => o == i) == w).All(x => x);
        });
    }
}
