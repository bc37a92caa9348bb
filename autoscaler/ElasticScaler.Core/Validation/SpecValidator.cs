using System.Globalization;
using ElasticScaler.Core.Model;
using ElasticScaler.Core.Spec;

namespace ElasticScaler.Core.Validation;

/// <summary>
/// Checks an ElasticScaler spec (all but schedules, time zones and excluded dates, which
/// <see cref="Schedules.ScheduleCompiler"/> checks, and placement, which <see cref="Placement.PlacementValidator"/> checks) and reports every problem at once, each as "path: value: why" (lowercase,
/// no final period, as Kubernetes writes them). A spec with problems is never acted on: the service sets
/// ScalingActive=False with reason InvalidSpec and the list as message.
/// </summary>
public static class SpecValidator
{
    public static IReadOnlyList<string> Validate(ScalerSpec spec, string path = "spec")
    {
        var errors = new List<string>();
        void Add(string at, object? value, string why) =>
            errors.Add(value is null ? $"{at}: {why}" : $"{at}: {Show(value)}: {why}");

        if (string.IsNullOrWhiteSpace(spec.ScaleTargetRef.Kind)) Add($"{path}.scaleTargetRef.kind", null, "required, e.g. Deployment");
        if (string.IsNullOrWhiteSpace(spec.ScaleTargetRef.Name)) Add($"{path}.scaleTargetRef.name", null, "required: the name of the workload to scale");

        int min = spec.MinReplicas ?? 1;
        if (min < 0) Add($"{path}.minReplicas", min, "must be 0 or more");
        if (spec.MaxReplicas < 1) Add($"{path}.maxReplicas", spec.MaxReplicas, "must be at least 1");
        else if (min > spec.MaxReplicas) Add($"{path}.minReplicas", min, $"must not exceed maxReplicas ({spec.MaxReplicas})");
        if (min == 0 && !HasObjectOrExternal(spec.Metrics))
            Add($"{path}.minReplicas", 0, "0 is allowed only with at least one Object, External or Prometheus metric (as HPA's scale-to-zero)");

        for (int i = 0; i < spec.Metrics.Count; i++) ValidateMetric(spec.Metrics[i], $"{path}.metrics[{i}]", Add);

        if (spec.Behavior is { } b)
        {
            ValidateRules(b.ScaleUp, $"{path}.behavior.scaleUp", Add);
            ValidateRules(b.ScaleDown, $"{path}.behavior.scaleDown", Add);
            if (b.Panic is { } panic)
            {
                if (panic.Threshold is { } t && !(t > 1.0)) Add($"{path}.behavior.panic.threshold", t, "must be above 1.0 (2.0 means a proposal twice the ready pods)");
                ValidateDuration(panic.Window, $"{path}.behavior.panic.window", Add);
                // The window's proposals live in the history: one per sync, so the window bounds its size.
                if (GoDuration.TryParse(panic.Window, out var window) && window > Behavior.Panic.MaxWindow)
                    Add($"{path}.behavior.panic.window", panic.Window, "must be at most 1h (KPA's longest window)");
                ValidateDuration(panic.StableWindow, $"{path}.behavior.panic.stableWindow", Add);
                if (panic.SaturationUtilization is { } sat && sat < 1)
                    Add($"{path}.behavior.panic.saturationUtilization", sat, "must be at least 1 (percent of request; e.g. 95 for pods whose cpu limit is their request)");
            }
        }

        if (spec.Fallback is { } f)
        {
            if (f.FailureThreshold < 1) Add($"{path}.fallback.failureThreshold", f.FailureThreshold, "must be at least 1");
            if (f.Replicas < 0) Add($"{path}.fallback.replicas", f.Replicas, "must be 0 or more");
        }

        return errors;
    }

    private static bool HasObjectOrExternal(IReadOnlyList<MetricSpec> metrics)
    {
        foreach (var m in metrics)
            if (m.Type is MetricSourceType.Object or MetricSourceType.External or MetricSourceType.Prometheus) return true;
        return false;
    }

    private static void ValidateMetric(MetricSpec m, string at, Action<string, object?, string> add)
    {
        string member = char.ToLowerInvariant(m.Type.ToString()[0]) + m.Type.ToString()[1..];
        var target = m.Target;
        if (target is null)
        {
            add($"{at}.{member}", null, $"required when type is {m.Type}");
            return;
        }
        var allowed = m.Type switch
        {
            MetricSourceType.Resource or MetricSourceType.ContainerResource => new[] { MetricTargetType.Utilization, MetricTargetType.AverageValue },
            MetricSourceType.Pods => [MetricTargetType.AverageValue],
            _ => [MetricTargetType.Value, MetricTargetType.AverageValue],
        };
        var targetPath = $"{at}.{member}.target";
        if (Array.IndexOf(allowed, target.Type) < 0)
        {
            add($"{targetPath}.type", target.Type.ToString(), $"must be {string.Join(" or ", allowed)} for a {m.Type} metric");
            return;
        }
        switch (target.Type)
        {
            case MetricTargetType.Utilization:
                if (target.AverageUtilization is not { } u) add($"{targetPath}.averageUtilization", null, "required for a Utilization target, e.g. 60");
                else if (u <= 0) add($"{targetPath}.averageUtilization", u, "must be greater than 0");
                break;
            case MetricTargetType.AverageValue:
                if (target.AverageValue is not { } av) add($"{targetPath}.averageValue", null, "required for an AverageValue target, e.g. \"500m\"");
                else if (av.Value <= 0) add($"{targetPath}.averageValue", av.ToString(), "must be greater than 0");
                break;
            case MetricTargetType.Value:
                if (target.Value is not { } v) add($"{targetPath}.value", null, "required for a Value target, e.g. \"100\"");
                else if (v.Value <= 0) add($"{targetPath}.value", v.ToString(), "must be greater than 0");
                break;
        }
        switch (m.Type)
        {
            case MetricSourceType.Resource when string.IsNullOrWhiteSpace(m.Resource!.Name):
                add($"{at}.resource.name", null, "required: cpu or memory");
                break;
            case MetricSourceType.ContainerResource when string.IsNullOrWhiteSpace(m.ContainerResource!.Container):
                add($"{at}.containerResource.container", null, "required: the container whose usage counts");
                break;
            case MetricSourceType.Prometheus:
                var prom = m.Prometheus!;
                if (!Uri.TryCreate(prom.ServerAddress, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                    add($"{at}.prometheus.serverAddress", prom.ServerAddress, "must be an http(s) URL such as http://prometheus.monitoring:9090");
                if (string.IsNullOrWhiteSpace(prom.Query)) add($"{at}.prometheus.query", null, "required: a PromQL query returning one value");
                ValidateDuration(prom.Timeout, $"{at}.prometheus.timeout", add);
                break;
        }
    }

    private static void ValidateRules(ScalingRules? rules, string at, Action<string, object?, string> add)
    {
        if (rules is null) return;
        if (rules.StabilizationWindowSeconds is { } w && w is < 0 or > 3600)
            add($"{at}.stabilizationWindowSeconds", w, "must be between 0 and 3600");
        if (rules.Tolerance is { } tol && tol.Value < 0) add($"{at}.tolerance", tol.ToString(), "must be 0 or more");
        if (rules.Policies is { } policies)
        {
            for (int i = 0; i < policies.Count; i++)
            {
                var p = policies[i];
                if (p.Value <= 0) add($"{at}.policies[{i}].value", p.Value, "must be greater than 0");
                if (p.PeriodSeconds is <= 0 or > 1800) add($"{at}.policies[{i}].periodSeconds", p.PeriodSeconds, "must be between 1 and 1800");
            }
            if (policies.Count == 0 && rules.SelectPolicy != SelectPolicy.Disabled)
                add($"{at}.policies", null, "must hold at least one policy (or set selectPolicy: Disabled)");
        }
    }

    private static void ValidateDuration(string? text, string at, Action<string, object?, string> add)
    {
        if (text is not null && !GoDuration.TryParse(text, out _))
            add(at, text, "must be " + GoDuration.Examples);
    }

    private static string Show(object value) => value switch
    {
        string s => $"\"{s}\"",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
