namespace ElasticScaler.Sim.Bench;

/// <summary>--pods N --watchers N --seconds N --events N --workers N --rate N (defaults: 10000, 100, 5, 1000, 8, 200 updates/s).</summary>
public sealed record BenchOptions(int Pods = 10_000, int Watchers = 100, int Seconds = 5, int Events = 1_000, int Workers = 8, int Rate = 200)
{
    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.TryParse(args[i + 1], out var v) && v > 0 ? v : throw new ArgumentException($"{args[i]} needs a positive number, not '{args[i + 1]}'");
            o = args[i] switch
            {
                "--pods" => o with { Pods = value },
                "--watchers" => o with { Watchers = value },
                "--seconds" => o with { Seconds = value },
                "--events" => o with { Events = value },
                "--workers" => o with { Workers = value },
                "--rate" => o with { Rate = value },
                _ => throw new ArgumentException($"unknown option '{args[i]}'; use --pods, --watchers, --seconds, --events, --workers, --rate"),
            };
        }
        return o;
    }
}
