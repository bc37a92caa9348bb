using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElasticScaler.LoadTest.Reports;

/// <summary>Everything in the result as JSON (camelCase), for tools and for comparing runs.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(LoadRunResult result) => JsonSerializer.Serialize(new
    {
        result.TestName,
        result.StartedUtc,
        result.ExitCode,
        result.Passed,
        result.AbortReason,
        result.Error,
        Scenarios = result.ScenarioStats.Select(s => new
        {
            Stats = s,
            s.Rps,
            s.SuccessRate,
            s.ErrorRate,
            LoadSimulations = result.LoadSimulations.GetValueOrDefault(s.ScenarioName),
            TimeSeries = result.TimeSeries.GetValueOrDefault(s.ScenarioName),
        }),
        result.Thresholds,
        result.Agents,
        result.AgentCoverage,
        result.ReplicaTarget,
        result.ReplicaError,
        result.Replicas,
    }, Options);
}
