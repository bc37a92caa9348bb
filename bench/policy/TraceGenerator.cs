using System.Globalization;
using System.Text;

namespace ElasticScaler.Bench.Policy;

/// <summary>One generated trace: its name (the file is NAME.csv) and the file's text.</summary>
public sealed record GeneratedTrace(string Name, string Text);

/// <summary>
/// Makes the benchmark's traces, byte for byte the same on every run: the shapes are arithmetic, and the noise
/// (diurnal) and the phase lengths (sawtooth) come from <see cref="Random"/> seeded with <see cref="Seed"/>, whose
/// seeded sequence .NET keeps stable across versions. Capacity facts the levels are chosen against (the seed
/// preset): a pod of 500m runs 25 requests/s at 100% (20 ms of cpu each), 15 at the 60% target; the 22 pods the two
/// ECS nodes hold carry 330 rps at target, the policies' 100 replicas 1500 rps.
/// </summary>
public static class TraceGenerator
{
    public const int Seed = 20261111;

    /// <summary>The flash sale's known time: from 20 minutes in (14:20:00 UTC on fast mode's clock) to 35 minutes in.</summary>
    public static readonly TimeSpan SaleStart = TimeSpan.FromMinutes(20), SaleLength = TimeSpan.FromMinutes(15);
    public const double SaleBaseline = 150, SalePeak = 1500;

    public static IReadOnlyList<GeneratedTrace> All() =>
    [
        PtsRamp(),
        FlashSale(announced: true),
        FlashSale(announced: false),
        Diurnal(),
        Sawtooth(),
    ];

    /// <summary>The seed's PTS scene, as fast mode's pts-ramp-1000.csv: 100 users +100 a minute to 1000, 2 rps each.</summary>
    public static GeneratedTrace PtsRamp()
    {
        var sb = Header(
            "The seed's PTS scene: max concurrency 1000, start at 10%, +10% per minute, 10 minutes (levels 100..1000 users).",
            "Each virtual user sends about 2 requests/s, so rps = 2 x users (as fast mode's pts-ramp-1000.csv).");
        sb.Append("# steps\nseconds,rps\n");
        for (int minute = 0; minute < 10; minute++) Point(sb, minute * 60, 200 * (minute + 1));
        Point(sb, 600, 2000);
        return new GeneratedTrace("pts-ramp", sb.ToString());
    }

    /// <summary>Baseline 150 rps, 10x within 10 s at 20:00, held 15 minutes, back within 10 s; one hour.</summary>
    public static GeneratedTrace FlashSale(bool announced)
    {
        double start = SaleStart.TotalSeconds, end = (SaleStart + SaleLength).TotalSeconds;
        var sb = Header(
            $"A flash sale: {SaleBaseline} rps, 10x ({SalePeak} rps) within 10 s at {start} s, held until {end} s (15 minutes), back within 10 s; 1 h.",
            announced
                ? "Announced: the time is known in advance, so a policy may carry the window (elasticscaler-tuned@flash-sale-announced.json does)."
                : "Unannounced: the same load, but no policy knows when it comes.");
        sb.Append("seconds,rps\n");
        Point(sb, 0, SaleBaseline);
        Point(sb, start, SaleBaseline);
        Point(sb, start + 10, SalePeak);
        Point(sb, end, SalePeak);
        Point(sb, end + 10, SaleBaseline);
        Point(sb, 3600, SaleBaseline);
        return new GeneratedTrace(announced ? "flash-sale-announced" : "flash-sale-unannounced", sb.ToString());
    }

    /// <summary>A day: 660 - 540 cos(2pi (h - 4) / 24) rps (120 at 04:00, 1200 at 16:00), a point a minute with +-3% noise.</summary>
    public static GeneratedTrace Diurnal()
    {
        var random = new Random(Seed);
        var sb = Header(
            "A day's curve: 660 - 540 cos(2 pi (h - 4) / 24) rps, 120 at 04:00 to 1200 at 16:00 (h = hours since the start),",
            $"one point a minute, each times a uniform factor in [0.97, 1.03] (seed {Seed}); linear between points.");
        sb.Append("seconds,rps\n");
        for (int minute = 0; minute <= 24 * 60; minute++)
        {
            double h = minute / 60.0;
            double curve = 660 - 540 * Math.Cos(2 * Math.PI * (h - 4) / 24);
            double noise = 1 + 0.03 * (2 * random.NextDouble() - 1);
            Point(sb, minute * 60, Math.Round(curve * noise, 1));
        }
        return new GeneratedTrace("diurnal-24h", sb.ToString());
    }

    /// <summary>600 rps for 5 minutes, then +40% / -40% of it (840 / 360) in turn, each held 2-4 minutes (seeded); one hour.</summary>
    public static GeneratedTrace Sawtooth()
    {
        var random = new Random(Seed + 1);
        var sb = Header(
            "Load that tempts flapping: 600 rps for 5 minutes, then 840 (+40%) and 360 (-40%) in turn, each level held",
            $"a whole number of seconds drawn uniformly from 120..240 (seed {Seed + 1}); steps; 1 h.");
        sb.Append("# steps\nseconds,rps\n");
        Point(sb, 0, 600);
        int t = 300;
        bool high = true;
        while (t < 3600)
        {
            Point(sb, t, high ? 840 : 360);
            t += random.Next(120, 241);
            high = !high;
        }
        Point(sb, 3600, high ? 360 : 840);   // the level in force at the end, held to it
        return new GeneratedTrace("sawtooth", sb.ToString());
    }

    /// <summary>Writes every trace into <paramref name="directory"/> as NAME.csv; returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var trace in All())
        {
            var path = Path.Combine(directory, trace.Name + ".csv");
            File.WriteAllText(path, trace.Text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            paths.Add(path);
        }
        return paths;
    }

    private static StringBuilder Header(params string[] lines)
    {
        var sb = new StringBuilder("# Generated by `dotnet run --project bench/policy -- generate-traces`; do not edit by hand.\n");
        foreach (var line in lines) sb.Append("# ").Append(line).Append('\n');
        return sb;
    }

    private static void Point(StringBuilder sb, double seconds, double rps) =>
        sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append(',')
          .Append(rps.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
}
