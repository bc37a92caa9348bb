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
public static partial class SpecValidator
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
                ValidatePrometheus(m.Prometheus!, $"{at}.prometheus", add);
                break;
            case MetricSourceType.Pods:
                ValidateMetricSelector(m.Pods!.Metric, $"{at}.pods.metric.selector", add);
                break;
            case MetricSourceType.Object:
                ValidateMetricSelector(m.Object!.Metric, $"{at}.object.metric.selector", add);
                if (string.IsNullOrWhiteSpace(m.Object.DescribedObject.Kind)) add($"{at}.object.describedObject.kind", null, "required, e.g. Service");
                if (string.IsNullOrWhiteSpace(m.Object.DescribedObject.Name)) add($"{at}.object.describedObject.name", null, "required: the object the metric describes");
                break;
            case MetricSourceType.External:
                ValidateMetricSelector(m.External!.Metric, $"{at}.external.metric.selector", add);
                break;
        }
    }

    private static void ValidateMetricSelector(MetricIdentifier metric, string at, Action<string, object?, string> add)
    {
        if (string.IsNullOrWhiteSpace(metric.Name)) add(at[..at.LastIndexOf('.')] + ".name", null, "required: the metric's name, e.g. http_requests_per_second");
        if (!Model.LabelSelector.TryFrom(metric.Selector, out _, out var error)) add(at, null, error);
    }

    private static void ValidatePrometheus(PrometheusMetricSource p, string at, Action<string, object?, string> add)
    {
        bool valid = false, https = false;
        if (!Uri.TryCreate(p.ServerAddress, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            add($"{at}.serverAddress", p.ServerAddress,
                "must be an http:// or https:// URL without query, fragment or credentials, such as http://prometheus.monitoring:9090 (credentials go in bearerTokenSecret or basicAuth)");
        else (valid, https) = (true, uri.Scheme == "https");
        if (string.IsNullOrWhiteSpace(p.Query)) add($"{at}.query", null, "required: a PromQL instant query, e.g. sum(rate(http_requests_total[1m]))");
        ValidatePositiveDuration(p.Timeout, $"{at}.timeout", add);
        ValidatePositiveDuration(p.StaleAfter, $"{at}.staleAfter", add);
        foreach (var (name, value) in p.Headers ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || !name.All(IsHeaderNameChar))
                add($"{at}.headers", name, "must be an HTTP header name (letters, digits and !#$%&'*+-.^_`|~), e.g. X-Scope-OrgID");
            else if (value.Any(c => c is '\r' or '\n' or '\0'))
                add($"{at}.headers.{name}", null, "must be one line (no CR, LF or NUL)");
            else if (string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
                add($"{at}.headers.{name}", null, "must not be set here: a credential in the spec is readable by anyone who can read the ElasticScaler; use bearerTokenSecret or basicAuth");
            else if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
                add($"{at}.headers.{name}", null, "must not be set here: use tls.serverName (https) or the serverAddress host");
        }
        if (p.BearerTokenSecret is { } bearer) ValidateSecretKey(bearer, $"{at}.bearerTokenSecret", add);
        if (p.BasicAuth is { } basic)
        {
            if (p.BearerTokenSecret is not null) add($"{at}.basicAuth", null, "set either bearerTokenSecret or basicAuth, not both");
            ValidateSecretKey(basic.Username, $"{at}.basicAuth.username", add);
            ValidateSecretKey(basic.Password, $"{at}.basicAuth.password", add);
        }
        if (p.Tls is { } tls)
        {
            if (valid && !https) add($"{at}.tls", null, "applies only to an https:// serverAddress; remove it or use https://");
            if (tls.CaSecret is { } ca) ValidateSecretKey(ca, $"{at}.tls.caSecret", add);
            if (tls.CaSecret is not null && tls.InsecureSkipVerify)
                add($"{at}.tls.insecureSkipVerify", true, "excludes caSecret: a certificate that is not verified needs no CA; remove one of them");
            if (tls.ServerName is { } sn && Uri.CheckHostName(sn) is not (UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6))
                add($"{at}.tls.serverName", sn, "must be a host name such as prometheus.monitoring.svc");
        }
    }

    private static void ValidateSecretKey(SecretKeySelector secret, string at, Action<string, object?, string> add)
    {
        if (string.IsNullOrEmpty(secret.Name) || secret.Name.Length > 253 || !SecretName().IsMatch(secret.Name))
            add($"{at}.name", secret.Name, "must be a Secret name in the scaler's namespace (lowercase letters, digits, '-' and '.')");
        if (string.IsNullOrEmpty(secret.Key) || secret.Key.Length > 253 || !SecretKey().IsMatch(secret.Key))
            add($"{at}.key", secret.Key, "must be a key of the Secret's data (letters, digits, '-', '_' and '.'), e.g. token");
    }

    private static void ValidatePositiveDuration(string? text, string at, Action<string, object?, string> add)
    {
        if (text is null) return;
        if (!GoDuration.TryParse(text, out var d)) add(at, text, "must be " + GoDuration.Examples);
        else if (d <= TimeSpan.Zero) add(at, text, "must be longer than 0");
    }

    private static bool IsHeaderNameChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial System.Text.RegularExpressions.Regex SecretName();

    [System.Text.RegularExpressions.GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex SecretKey();

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
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
