using System.Globalization;

namespace ElasticScaler.Core.Decisions;

/// <summary>
/// KEDA-style pause switches on the scaler's annotations: <c>autoscaling.elasticscaler.io/paused: "true"</c>
/// freezes the target at its current size; <c>autoscaling.elasticscaler.io/paused-replicas: "N"</c> scales it to
/// N (kept within [min, max]) and freezes it there.
/// </summary>
public static class PauseAnnotations
{
    public const string Paused = "autoscaling.elasticscaler.io/paused";
    public const string PausedReplicas = "autoscaling.elasticscaler.io/paused-replicas";

    /// <summary>Reads the switches; an unreadable paused-replicas value is an error naming the annotation.</summary>
    public static (bool Paused, int? Replicas, string? Error) Read(IReadOnlyDictionary<string, string> annotations)
    {
        int? replicas = null;
        string? error = null;
        if (annotations.TryGetValue(PausedReplicas, out var text))
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) replicas = n;
            else error = $"metadata.annotations[{PausedReplicas}]: \"{text}\": must be a whole number of replicas, e.g. \"10\"";
        }
        bool paused = annotations.TryGetValue(Paused, out var flag) && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
        return (paused || replicas is not null, replicas, error);
    }
}
