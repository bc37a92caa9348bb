using System.Text.Json.Nodes;

namespace ElasticScaler.Autoscaler.Import.Convert;

/// <summary>
/// Reads autoscaling.alibabacloud.com/v1beta1 CronHorizontalPodAutoscaler: scaleTargetRef (a workload, or the HPA
/// it works through), jobs {name, schedule, targetSize, runOnce} and excludeDates. Schedules are CronHPA's 6-field
/// robfig cron (seconds first); robfig reads <c>?</c> as <c>*</c>, while our schedules read a 6-field cron with
/// <c>?</c> as Quartz (day-of-week 1-7 from Sunday), so <c>?</c> is rewritten to <c>*</c> to keep robfig's numbering.
/// </summary>
public static class CronHpaSource
{
    public const string ApiVersion = "autoscaling.alibabacloud.com/v1beta1";

    public static bool Reads(string apiVersion, string kind) => kind == SourceRef.CronHpa && apiVersion == ApiVersion;

    public static CronPart? Read(JsonObject cron, SourceFields f)
    {
        var (name, ns) = f.Identity(cron);
        var spec = f.Object(cron, "spec", "spec", required: true);
        if (spec is null || name is null) return null;
        var target = HpaSource.ReadTarget(spec, f, "spec.scaleTargetRef", defaultApiVersion: null);
        var jobs = new List<CronJob>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (f.Array(spec, "jobs", "spec.jobs", required: true) is { } list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                var path = $"spec.jobs[{i}]";
                if (list[i] is not JsonObject job)
                {
                    f.Problem(path, list[i], "must be an object");
                    continue;
                }
                var jobName = f.String(job, "name", $"{path}.name", required: true);
                var schedule = f.String(job, "schedule", $"{path}.schedule", required: true);
                var size = f.Int(job, "targetSize", $"{path}.targetSize", required: true);
                var runOnce = f.Bool(job, "runOnce", $"{path}.runOnce") ?? false;
                if (size is < 0) f.Problem($"{path}.targetSize", job["targetSize"], "must be 0 or more");
                if (jobName is not null && !names.Add(jobName)) f.Problem($"{path}.name", job["name"], "duplicates another job's name; CronHPA requires unique names");
                if (jobName is { Length: > 0 } && schedule is { Length: > 0 } && size is >= 0)
                    jobs.Add(new CronJob(i, jobName, RobfigSchedule(schedule), size.Value, runOnce));
            }
        }
        var excluded = new List<string>();
        if (f.Array(spec, "excludeDates", "spec.excludeDates") is { } dates)
            for (int i = 0; i < dates.Count; i++)
                if (f.StringItem(dates[i], $"spec.excludeDates[{i}]") is { Length: > 0 } d)
                    excluded.Add(RobfigSchedule(d));
        if (target is null || f.Problems.Count > 0) return null;
        return new CronPart
        {
            Source = new SourceRef(SourceRef.CronHpa, ns, name),
            Target = target,
            Jobs = jobs,
            ExcludeDates = excluded,
            RanOnce = RanOnce(cron, jobs),
        };
    }

    /// <summary>robfig's <c>?</c> means <c>*</c>; written as <c>*</c> our cron reader keeps robfig's day-of-week numbering.</summary>
    public static string RobfigSchedule(string schedule)
    {
        var text = schedule.Trim();
        if (text.StartsWith('@')) return text;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', fields.Select(x => x == "?" ? "*" : x));
    }

    /// <summary>runOnce jobs the controller reports as done (status.conditions[].state Succeed): they never fire again.</summary>
    private static HashSet<string> RanOnce(JsonObject cron, List<CronJob> jobs)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        if (cron["status"]?["conditions"] is not JsonArray conditions) return done;
        foreach (var c in conditions.OfType<JsonObject>())
            if (SourceFields.Str(c["state"]) == "Succeed" && SourceFields.Str(c["name"]) is { } n && jobs.Any(j => j.Name == n && j.RunOnce))
                done.Add(n);
        return done;
    }
}
