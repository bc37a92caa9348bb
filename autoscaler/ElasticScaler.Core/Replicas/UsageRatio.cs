namespace ElasticScaler.Core.Replicas;

/// <summary>
/// HPA's metrics/utilization.go: the ratio of current to target, in the same integer steps (totals are exact,
/// utilization is truncated to whole percent before the ratio is taken), so replays match to the replica.
/// </summary>
internal static class UsageRatio
{
    /// <summary>GetResourceUtilizationRatio over pre-summed totals of the pods that have both a sample and a request.</summary>
    public static bool TryResource(Int128 metricsTotal, Int128 requestsTotal, int entries, int targetUtilization,
        out double ratio, out int utilization, out long rawAverage, out string? error)
    {
        ratio = 0; utilization = 0; rawAverage = 0;
        if (requestsTotal == 0)
        {
            // The set of pods with requests is disjoint from the set of samples.
            error = "no metrics returned matched known pods";
            return false;
        }
        var percentage = metricsTotal * 100 / requestsTotal;
        if (percentage < int.MinValue || percentage > int.MaxValue)
        {
            error = $"resource utilization {percentage} is outside the int32 range";
            return false;
        }
        utilization = (int)percentage;
        ratio = (double)utilization / targetUtilization;
        rawAverage = entries > 0 ? Milli.Narrow(metricsTotal / entries) : 0;
        error = null;
        return true;
    }

    /// <summary>GetMetricUsageRatio: the average over every sample (superfluous ones too) against the target.</summary>
    public static double Plain(Int128 total, int entries, long targetUsage, out long usage)
    {
        usage = Milli.Narrow(total / entries);
        return (double)usage / targetUsage;
    }
}
