using ElasticScaler.Demo.Dashboard;

namespace ElasticScaler.Demo.Summary;

/// <summary>
/// One second of the demo as recorded: <see cref="T"/> is seconds since the load started (negative before), Step the
/// pts-ramp step in force (null outside the ramp), the load's figures for that second, the pods by place, the
/// scaler's desired replicas and the cost so far.
/// </summary>
public sealed record DemoSecond(
    double T, DemoPhase Phase, int? Step, int Users, double Rps, double P50Ms, double P95Ms, double P99Ms,
    long Requests, long Ok, long Timeouts, int EcsReady, int EciReady, int Starting, int Pending, int? Desired,
    double EcsUsd, double EciUsd, int EcsNodes)
{
    public int Ready => EcsReady + EciReady;

    public double SuccessRate => Requests == 0 ? 1 : (double)Ok / Requests;

    /// <summary>Scale-out lags: the scaler asked for more pods than are Ready.</summary>
    public bool Lagging => Desired is { } d && Ready < d;

    public DemoSample ToSample() => new(T, Users, Rps, P50Ms, P95Ms, P99Ms, SuccessRate, EcsReady, EciReady, Starting, Pending, EcsUsd + EciUsd);
}
