using System.Globalization;
using ElasticScaler.Core.Spec;
using ElasticScaler.Core.State;

namespace ElasticScaler.Core.Replicas;

/// <summary>
/// How far the usage ratio (current / target) may stray from 1.0 before the scaler acts, per direction
/// (HPA: replica_calculator.go, <c>Tolerances</c>; KEP-4951). A ratio inside [1 - Down, 1 + Up] keeps the
/// current replica count.
/// </summary>
/// <example><c>new Tolerance(0.1, 0.05).Contains(1.07)</c> is false: 7 % above target leaves the 5 % scale-up band.</example>
public readonly record struct Tolerance(double Down, double Up)
{
    /// <summary>The kube-controller-manager default, 10 % both ways.</summary>
    public static Tolerance Default { get; } = new(0.1, 0.1);

    /// <summary>True when the ratio is close enough to 1.0 that no scaling should happen.</summary>
    public bool Contains(double ratio) => 1.0 - Down <= ratio && ratio <= 1.0 + Up;

    /// <summary>HPA's log form: <c>[down:10.0%, up:10.0%]</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[down:{Down * 100.0:F1}%, up:{Up * 100.0:F1}%]");

    /// <summary>
    /// The tolerances for one scaler: the controller-wide value, overridden per direction by
    /// <c>behavior.scaleUp.tolerance</c> / <c>behavior.scaleDown.tolerance</c> when set (HPA: tolerancesForHpa).
    /// </summary>
    public static Tolerance For(BehaviorSpec? behavior, ControllerSettings settings)
    {
        var down = behavior?.ScaleDown?.Tolerance is { } d ? (double)d.Value : settings.Tolerance;
        var up = behavior?.ScaleUp?.Tolerance is { } u ? (double)u.Value : settings.Tolerance;
        return new Tolerance(down, up);
    }
}
