using ElasticScaler.Demo.Dashboard;
using ElasticScaler.Demo.Summary;

namespace ElasticScaler.Demo.View;

/// <summary>What the person at the terminal sees while the load runs and the cluster scales.</summary>
public interface IDemoView
{
    /// <summary>Runs the view until <paramref name="ct"/> ends (the live view redraws in place; the plain one prints).</summary>
    Task RunAsync(Func<DemoSecond?> latest, Func<IReadOnlyList<DemoEvent>> events, CancellationToken ct);
}
