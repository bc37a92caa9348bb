namespace ElasticScaler.LoadTest.Config;

/// <summary>Built-in load shapes.</summary>
public static class Profiles
{
    /// <summary>The name of the PTS-style staircase.</summary>
    public const string PtsRamp = "pts-ramp";

    /// <summary>
    /// Alibaba PTS "concurrency mode, auto step": start at <paramref name="startPercent"/> of
    /// <paramref name="maxConcurrency"/>, add <paramref name="stepPercent"/> every <paramref name="stepDuration"/> up to
    /// 100 %, each level held for one step (levels 100, 200, … 1000 for the defaults: 10 steps, 10 minutes).
    /// <paramref name="timeScale"/> divides every duration (60 turns the 10 minutes into 10 seconds for CI).
    /// <paramref name="totalDuration"/>, when longer than the staircase, holds the top level for the rest.
    /// </summary>
    public static IReadOnlyList<LoadSimulation> PtsRampStages(int maxConcurrency = 1000, double startPercent = 10, double stepPercent = 10,
        TimeSpan? stepDuration = null, double timeScale = 1, TimeSpan? totalDuration = null)
    {
        if (maxConcurrency <= 0)
        {
            throw new LoadConfigException($"--max-concurrency: {maxConcurrency} must be above 0; fix: e.g. --max-concurrency 1000");
        }

        if (startPercent is <= 0 or > 100 || stepPercent is <= 0 or > 100)
        {
            throw new LoadConfigException("pts-ramp: start and step percentages must be in (0, 100]; fix: e.g. start 10, step 10");
        }

        if (timeScale <= 0 || double.IsNaN(timeScale))
        {
            throw new LoadConfigException($"--time-scale: {timeScale} must be above 0; fix: e.g. --time-scale 60 runs 10 minutes in 10 seconds");
        }

        var step = (stepDuration ?? TimeSpan.FromMinutes(1)) / timeScale;
        if (step <= TimeSpan.Zero)
        {
            throw new LoadConfigException("--step-duration: must be positive; fix: e.g. --step-duration 1m");
        }

        var stages = new List<LoadSimulation>();
        for (var percent = startPercent; ; percent += stepPercent)
        {
            var level = Math.Min(100, percent);
            stages.Add(Simulation.KeepConstant((int)Math.Max(1, Math.Round(maxConcurrency * level / 100)), step));
            if (level >= 100 - 1e-9)
            {
                break;
            }
        }

        if (totalDuration is { } total)
        {
            var scaledTotal = total / timeScale;
            var ramp = step * stages.Count;
            if (scaledTotal < ramp)
            {
                throw new LoadConfigException(
                    $"--duration: {DurationText.Format(total)} is shorter than the pts-ramp staircase ({stages.Count} steps × {DurationText.Format(step * timeScale)}); " +
                    "fix: drop --duration, or lengthen it, or shorten --step-duration");
            }

            if (scaledTotal > ramp)
            {
                var top = (KeepConstant)stages[^1];
                stages[^1] = top with { Span = top.Span + (scaledTotal - ramp) };
            }
        }

        return stages;
    }
}
