using ElasticScaler.Sim.FastMode;

namespace ElasticScaler.Bench.Policy.Tests;

public sealed class TraceGeneratorTests
{
    [Fact]
    public void The_checked_in_traces_are_what_the_generator_makes_byte_for_byte()
    {
        var generated = TraceGenerator.All();
        Assert.Equal(Catalog.Traces, generated.Select(t => t.Name));
        foreach (var trace in generated)
            Assert.Equal(trace.Text, File.ReadAllText(Repo.Path("bench", "policy", "traces", trace.Name + ".csv")));
    }

    [Fact]
    public void Generating_twice_gives_the_same_bytes_and_writes_them()
    {
        Assert.Equal(TraceGenerator.All(), TraceGenerator.All());
        var dir = Directory.CreateTempSubdirectory("traces-").FullName;
        try
        {
            var paths = TraceGenerator.WriteAll(dir);
            Assert.Equal(5, paths.Count);
            var bytes = File.ReadAllBytes(Path.Combine(dir, "sawtooth.csv"));
            Assert.NotEqual(0xEF, bytes[0]);   // no byte-order mark
            Assert.Equal(TraceGenerator.Sawtooth().Text, File.ReadAllText(Path.Combine(dir, "sawtooth.csv")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void The_pts_ramp_is_fast_modes_seed_ramp()
    {
        var ours = TraceReader.ParseCsv(TraceGenerator.PtsRamp().Text);
        var fast = TraceReader.ReadFile(Repo.Path("sim", "ElasticScaler.Sim.FastMode", "traces", "pts-ramp-1000.csv"));
        Assert.Equal(fast.Steps, ours.Steps);
        Assert.Equal(fast.Points, ours.Points);
    }

    [Fact]
    public void The_shapes_are_the_documented_ones()
    {
        var sale = TraceReader.ParseCsv(TraceGenerator.FlashSale(announced: false).Text);
        Assert.Equal(150, sale.RateAt(TimeSpan.FromSeconds(1199)));
        Assert.Equal(1500, sale.RateAt(TimeSpan.FromSeconds(1210)));   // 10x within 10 s
        Assert.Equal(1500, sale.RateAt(TimeSpan.FromSeconds(2100)));   // for 15 minutes
        Assert.Equal(150, sale.RateAt(TimeSpan.FromSeconds(2110)));
        Assert.Equal(TimeSpan.FromHours(1), sale.Duration);
        Assert.Equal(sale.Points, TraceReader.ParseCsv(TraceGenerator.FlashSale(announced: true).Text).Points);

        var day = TraceReader.ParseCsv(TraceGenerator.Diurnal().Text);
        Assert.Equal(TimeSpan.FromHours(24), day.Duration);
        Assert.InRange(day.RateAt(TimeSpan.FromHours(4)), 120 * 0.97, 120 * 1.03);
        Assert.InRange(day.RateAt(TimeSpan.FromHours(16)), 1200 * 0.97, 1200 * 1.03);

        var saw = TraceReader.ParseCsv(TraceGenerator.Sawtooth().Text);
        Assert.True(saw.Steps);
        var levels = saw.Points.Skip(1).ToList();
        for (int i = 0; i + 1 < levels.Count - 1; i++)
        {
            Assert.InRange((levels[i + 1].At - levels[i].At).TotalSeconds, 120, 240);
            Assert.NotEqual(levels[i].Rps, levels[i + 1].Rps);
            Assert.Contains(levels[i].Rps, new[] { 840.0, 360.0 });   // +-40% of 600
        }
    }
}
