namespace ElasticScaler.Bench.Policy;

/// <summary>The benchmark's traces and policies by name, in the order the table lists them; a file for each.</summary>
public static class Catalog
{
    public const string StaticPeak = "static-peak";
    public const string HpaEcsOnly = "hpa-ecs-only";
    public const string SeedHpaVk = "seed-hpa-vk";
    public const string ElasticScaler = "elasticscaler";
    public const string ElasticScalerTuned = "elasticscaler-tuned";

    public const string PtsRamp = "pts-ramp";
    public const string FlashSaleAnnounced = "flash-sale-announced";
    public const string FlashSaleUnannounced = "flash-sale-unannounced";
    public const string Diurnal = "diurnal-24h";
    public const string Sawtooth = "sawtooth";

    public static readonly IReadOnlyList<string> Traces = [PtsRamp, FlashSaleAnnounced, FlashSaleUnannounced, Diurnal, Sawtooth];
    public static readonly IReadOnlyList<string> Policies = [StaticPeak, HpaEcsOnly, SeedHpaVk, ElasticScaler, ElasticScalerTuned];

    /// <summary>Where the checked-in traces and policies are copied beside the program.</summary>
    public static string TracesDirectory => Path.Combine(AppContext.BaseDirectory, "traces");
    public static string PoliciesDirectory => Path.Combine(AppContext.BaseDirectory, "policies");

    public static string TraceFile(string trace, string? directory = null) => Path.Combine(directory ?? TracesDirectory, trace + ".csv");

    /// <summary>
    /// The policy's file for a trace: <c>NAME@TRACE.json</c> when the policy has a configuration made for that trace
    /// (the file says why), else <c>NAME.json</c>.
    /// </summary>
    public static string PolicyFile(string policy, string trace, string? directory = null)
    {
        var dir = directory ?? PoliciesDirectory;
        var specific = Path.Combine(dir, $"{policy}@{trace}.json");
        return File.Exists(specific) ? specific : Path.Combine(dir, policy + ".json");
    }

    /// <summary>
    /// The names asked for, in the catalog's order. Null or empty asks for all. An unknown name throws
    /// <see cref="ArgumentException"/> listing the valid ones.
    /// </summary>
    public static IReadOnlyList<string> Select(string? names, IReadOnlyList<string> valid, string option)
    {
        if (string.IsNullOrWhiteSpace(names)) return valid;
        var asked = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = asked.Where(n => !valid.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{option}: unknown {(unknown.Count == 1 ? "name" : "names")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; valid: {string.Join(", ", valid)}");
        return [.. valid.Where(asked.Contains)];
    }
}
