using System.Globalization;
using ElasticScaler.Demo.Summary;

namespace ElasticScaler.Demo.View;

/// <summary>The one wording of a second's figures, shared by the live table and the plain lines.</summary>
public static class Figures
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Phase(DemoSecond s, int steps) => s.Step is { } k ? string.Create(C, $"ramp step {k + 1}/{steps}") : s.Phase switch
    {
        Dashboard.DemoPhase.Starting => "settling",
        Dashboard.DemoPhase.ScalingIn => "scaling in",
        var other => other.ToString().ToLowerInvariant(),
    };

    public static string Load(DemoSecond s) => string.Create(C, $"users {s.Users} rps {s.Rps:0}");

    public static string Latency(DemoSecond s) => string.Create(C, $"p95 {s.P95Ms:0}ms ok {s.SuccessRate:P1}");

    public static string Pods(DemoSecond s) =>
        string.Create(C, $"ECS {s.EcsReady} ECI {s.EciReady} starting {s.Starting} pending {s.Pending} desired {(s.Desired?.ToString(C) ?? "-")}");

    public static string Cost(DemoSecond s) => string.Create(C, $"${s.EcsUsd + s.EciUsd:0.0000}");
}
