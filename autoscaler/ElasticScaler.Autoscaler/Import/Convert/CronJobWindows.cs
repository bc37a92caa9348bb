using System.Globalization;
using ElasticScaler.Core.Schedules;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// CronHPA's jobs as ElasticScaler windows. CronHPA acts at points in time: each job sets a size, and with an HPA
/// that size is the HPA's floor (a raising job raises minReplicas and the replicas; a lowering job only lowers
/// minReplicas, so the HPA decides the scale-in). Between jobs the last job's size holds. Our windows are floors
/// in force over a span, so the same step function is written as:
/// <list type="bullet">
/// <item>the floor outside windows is the lowest size the recurring jobs set (the level they return to every
/// cycle); with an HPA and only one level, the HPA's own minReplicas;</item>
/// <item>each job whose size is above that floor opens a window (minReplicas = its targetSize) that closes at the
/// first later job setting a smaller size, found by walking the jobs' fire times in the CronHPA's zone; a
/// staircase (10, then 20, then back to 3) becomes overlapping windows, whose largest floor wins;</item>
/// <item>a job no later job lowers becomes a window of a stated duration, with a note;</item>
/// <item>runOnce jobs (and @date schedules) become one-off windows at their next fire after the import.</item>
/// </list>
/// Without an HPA (CronHPA on the workload) nothing moves the replicas between jobs, so the floor is also the
/// ceiling and each window pins its size.
/// </summary>
public static class CronJobWindows
{
    /// <summary>How many fires of a job are walked to find which job closes its window; 400 days at most.</summary>
    private const int Samples = 16;
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(400);

    public sealed record Job(SourceRef Source, CronJob Spec, bool RanOnce);

    /// <summary>The floor (spec.minReplicas) and, for a CronHPA alone, the ceiling; the windows; the spec-level remarks.</summary>
    public sealed record Result(int? Floor, int? Ceiling, IReadOnlyList<WindowPart> Windows, IReadOnlyList<Remark> Remarks);

    private sealed record Parsed(Job Job, ScheduleTimes Times, bool Once, DateTimeOffset First)
    {
        public int Size => Job.Spec.TargetSize;
        public string Field => $"spec.jobs[{Job.Spec.Index}]";
    }

    /// <param name="jobs">Every job of the target's CronHPAs.</param>
    /// <param name="metrics">The HPA (or ScaledObject) the jobs work with; null for a CronHPA alone on its workload.</param>
    /// <param name="settings">The CronHPA zone, the unpaired window's length, and now.</param>
    public static Result Build(IReadOnlyList<Job> jobs, ScalerPart? metrics, ImportSettings settings)
    {
        var zone = settings.CronHpaTimeZone;
        var remarks = new List<Remark>();
        var parsed = new List<Parsed>();
        foreach (var job in jobs)
        {
            var field = $"spec.jobs[{job.Spec.Index}]";
            if (job.RanOnce)
            {
                remarks.Add(Remark.Of("schedules[]", new ImportNote(job.Source, field, $"runOnce job \"{job.Spec.Name}\" has already run (status: Succeed) and was left out")));
                continue;
            }
            var times = ScheduleTimes.TryParse(job.Spec.Schedule, zone, out var error);
            if (times is null)
            {
                remarks.Add(Remark.Of("schedules[]", new ImportNote(job.Source, $"{field}.schedule", $"\"{job.Spec.Schedule}\": {error}; the job was left out")));
                continue;
            }
            if (times.Next(settings.Now) is not { } first)
            {
                remarks.Add(Remark.Of("schedules[]", new ImportNote(job.Source, $"{field}.schedule", $"\"{job.Spec.Schedule}\" never fires after {Local(settings.Now, times.Zone)}; the job was left out")));
                continue;
            }
            parsed.Add(new Parsed(job, times, job.Spec.RunOnce || times.IsOneOff, first));
        }

        var recurring = parsed.Where(p => !p.Once).ToList();
        var once = parsed.Where(p => p.Once).ToList();
        int? hpaFloor = metrics?.Floor;
        int? floor = Floor(recurring, once, hpaFloor);
        if (floor is null) return new Result(null, null, [], remarks);

        if (metrics is not null && floor != hpaFloor && recurring.Count > 0)
        {
            var lowest = recurring.Where(p => p.Size == floor).OrderBy(p => p.First).First();
            remarks.Add(Remark.Of("minReplicas", new ImportNote(lowest.Job.Source, $"{lowest.Field}.targetSize",
                $"job \"{lowest.Job.Spec.Name}\" sets the {metrics.Source.Kind}'s floor to {floor} every time it runs, so {floor} " +
                $"is the floor outside windows, not its minReplicas {hpaFloor} (an HPA read from a cluster may show a minReplicas CronHPA wrote)")));
        }
        if (metrics is null)
        {
            var source = parsed.Count > 0 ? parsed[0].Job.Source : jobs[0].Source;
            remarks.Add(Remark.Of("minReplicas", new ImportNote(source, "spec.scaleTargetRef",
                $"CronHPA alone sets the replicas only when a job runs, and nothing changes them between jobs: minReplicas = maxReplicas = {floor} " +
                "outside windows and each window pins its size, so no metric moves it; widen maxReplicas and add metrics to scale by load")));
        }

        var windows = new List<WindowPart>();
        foreach (var p in recurring.Where(p => p.Size > floor).OrderBy(p => p.First))
            windows.Add(RecurringWindow(p, recurring, metrics, settings));
        foreach (var p in once.OrderBy(p => p.First))
        {
            if (p.Size > floor) windows.Add(OneOffWindow(p, parsed, metrics, settings));
            else if (p.Size < floor)
                remarks.Add(Remark.Of("schedules[]", new ImportNote(p.Job.Source, $"{p.Field}.targetSize",
                    $"one-off job \"{p.Job.Spec.Name}\" lowers the size to {p.Size}, below the floor {floor}, once and for good; a window can only raise the floor, so it was left out")));
        }
        foreach (var w in windows)
            w.Remarks.Insert(0, new Remark("timeZone", TimeZoneText(settings)));
        int? ceiling = metrics is null ? floor : floor > metrics.MaxReplicas ? floor : null;
        return new Result(floor, ceiling, windows, remarks);
    }

    /// <summary>The comment on every window read in the CronHPA zone.</summary>
    public static string TimeZoneText(ImportSettings s) => s.CronHpaTimeZoneGiven
        ? $"CronHPA reads every job in its controller's time zone (TZ): {s.CronHpaTimeZone}, from --cronhpa-time-zone"
        : $"CronHPA reads every job in its controller's time zone (TZ): taken as {s.CronHpaTimeZone}, the zone ACK ships; set --cronhpa-time-zone if yours differs";

    private static int? Floor(List<Parsed> recurring, List<Parsed> once, int? hpaFloor)
    {
        var levels = recurring.Select(p => p.Size).Distinct().ToList();
        if (levels.Count >= 2) return levels.Min();
        if (levels.Count == 1)
        {
            // One level: with an HPA a job above its floor raises it for good (unpaired); one below lowers it for good.
            return hpaFloor is { } m ? Math.Min(levels[0], m) : levels[0];
        }
        if (hpaFloor is not null) return hpaFloor;
        return once.Count > 0 ? once.Min(p => p.Size) : null;
    }

    private static WindowPart RecurringWindow(Parsed p, List<Parsed> recurring, ScalerPart? metrics, ImportSettings settings)
    {
        var closers = recurring.Where(k => k.Size < p.Size).ToList();
        var counts = new Dictionary<Parsed, int>();
        var fires = new List<(DateTimeOffset Fire, DateTimeOffset Close)>();
        int unclosed = 0;
        var t = settings.Now;
        for (int n = 0; n < Samples && closers.Count > 0; n++)
        {
            if (p.Times.Next(t) is not { } fire || fire - settings.Now > Horizon) break;
            Parsed? best = null;
            DateTimeOffset? bestAt = null;
            foreach (var k in closers)
                if (k.Times.Next(fire) is { } at && (bestAt is null || at < bestAt || at == bestAt && k.Size < best!.Size))
                {
                    best = k;
                    bestAt = at;
                }
            if (best is null) unclosed++;
            else
            {
                counts[best] = counts.GetValueOrDefault(best) + 1;
                fires.Add((fire, bestAt!.Value));
            }
            t = fire;
        }
        if (counts.Count == 0) return Unpaired(p, metrics, settings, p.Job.Spec.Schedule);

        // A window has one end. When different jobs lower the size on different days, the end that holds the raised
        // floor the least time past CronHPA's own close, over the sampled fires, is the faithful one.
        var end = counts.Keys
            .OrderBy(k => fires.Sum(f => ((k.Times.Next(f.Fire) ?? f.Close) - f.Close).TotalSeconds))
            .ThenBy(k => k.Job.Spec.Index).First();
        var window = Window(p, p.Job.Spec.Schedule, metrics, settings, end: end.Job.Spec.Schedule);
        if (counts.Count > 1 || unclosed > 0)
        {
            var seen = string.Join(", ", counts.OrderByDescending(kv => kv.Value).Select(kv => $"\"{kv.Key.Job.Spec.Name}\" {kv.Value} times"));
            window.Remarks.Add(Remark.Of("end", new ImportNote(p.Job.Source, $"{p.Field}.schedule",
                $"the size job \"{p.Job.Spec.Name}\" raises is lowered by different jobs on different days ({seen} of its next {counts.Values.Sum() + unclosed} fires); " +
                $"a window has one end, set to \"{end.Job.Spec.Name}\"'s schedule, the one that holds the raised size least past CronHPA's close; split the window if that matters")));
        }
        return window;
    }

    private static WindowPart OneOffWindow(Parsed p, List<Parsed> all, ScalerPart? metrics, ImportSettings settings)
    {
        var zone = p.Times.Zone;
        DateTimeOffset? close = null;
        foreach (var k in all.Where(k => k.Size < p.Size))
            if (k.Times.Next(p.First) is { } at && (close is null || at < close)) close = at;
        var start = Local(p.First, zone);
        var window = close is { } c
            ? Window(p, start, metrics, settings, end: Local(c, zone))
            : Unpaired(p, metrics, settings, start);
        if (p.Job.Spec.RunOnce)
            window.Remarks.Add(Remark.Of("start", new ImportNote(p.Job.Source, $"{p.Field}.runOnce",
                $"CronHPA runs a runOnce job once, at its first match after the job was submitted; imported as a one-off window at its next match " +
                $"after this import ({start}); delete the window if the job has already run")));
        return window;
    }

    private static WindowPart Unpaired(Parsed p, ScalerPart? metrics, ImportSettings settings, string start)
    {
        var window = Window(p, start, metrics, settings, duration: settings.UnpairedWindowDuration);
        window.Remarks.Add(Remark.Of("duration", new ImportNote(p.Job.Source, $"{p.Field}",
            $"no later job lowers the size job \"{p.Job.Spec.Name}\" sets ({p.Size}): CronHPA holds it until a job changes it; " +
            $"imported as a window of {settings.UnpairedWindowDuration} (--unpaired-window-duration); set the end you mean")));
        return window;
    }

    private static WindowPart Window(Parsed p, string start, ScalerPart? metrics, ImportSettings settings, string? end = null, string? duration = null)
    {
        var window = new WindowPart
        {
            Name = p.Job.Spec.Name,
            Start = start,
            End = end,
            Duration = duration,
            TimeZone = settings.CronHpaTimeZone,
            MinReplicas = p.Size,
            // Alone, CronHPA sets the size exactly; with an HPA the size is a floor the HPA may scale above.
            MaxReplicas = metrics is null ? p.Size : null,
        };
        if (metrics is not null && p.Size > metrics.MaxReplicas)
            window.Remarks.Add(Remark.Of("minReplicas", new ImportNote(p.Job.Source, $"{p.Field}.targetSize",
                $"CronHPA raises the {metrics.Source.Kind}'s maxReplicas to {p.Size} for good; this window raises the ceiling to {p.Size} only while it is in force")));
        return window;
    }

    private static string Local(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
